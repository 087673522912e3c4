"""Demo ledgers of 育才小区 (from the case), written through funds.services. Safe to run twice.

- the CCTV levy: 50 yuan from each of the 201 renovated households = 10,050.00, all paid in spring 2022 on
  paper receipts (entered with their dates and numbers), the cash handed to the treasurer, spent on the
  installation under the owners' meeting's approval;
- the self-run property fee for 2026: 180 yuan per occupied household, 195 of 201 paid (97%);
- the co-managed fund (共管资金) and the happiness fund (幸福基金) with a few entries;
- 双龙社区's community-wide happiness fund (no compound): a donation and an expense, published once (one
  snapshot on every board of the community), and a resident's question about it from 西新巷小区.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from communities.models import Community, Household
from partners.models import Partner

from . import services
from .models import Fund, Income, Levy, Method, Payment

CCTV_FUND = "育才小区监控专项资金"
COMMUNITY_FUND = "双龙社区幸福基金"
METHODS = [Method.WECHAT, Method.WECHAT, Method.CASH, Method.ALIPAY, Method.WECHAT, Method.BANK]


def _receipt_image(lines: list[str]) -> SimpleUploadedFile:
    """A plain picture standing in for a photographed paper receipt."""
    image = Image.new("RGB", (600, 400), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([10, 10, 589, 389], outline="black", width=3)
    for i, line in enumerate(lines):
        draw.text((30, 30 + 40 * i), line, fill="black")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("receipt.jpg", out.getvalue(), content_type="image/jpeg")


def _pay_all(
    levy: Levy, staff, first_day: datetime.date, days: int, skip: set[int] = frozenset(), paper: bool = False
) -> int:
    """Every charge of the levy paid (but those skipped), on days spread over `days` from `first_day`; with
    `paper`, each entered from the numbered paper receipt handed over at the door."""
    paid = 0
    charges = list(levy.charges.order_by("household__building__sort_key", "household__room_sort"))
    for index, charge in enumerate(charges):
        if index in skip:
            continue
        services.payment_record(
            charge=charge,
            amount=charge.amount,
            method=METHODS[index % len(METHODS)],
            paid_on=first_day + datetime.timedelta(days=index * days // len(charges)),
            paper_receipt_no=f"{index + 1:07d}" if paper else "",
            actor=staff,
            idempotency_key=f"demo-{levy.pk}-{charge.pk}",
        )
        paid += 1
    return paid


@transaction.atomic
def load() -> dict:
    community = Community.objects.filter(slug="shuanglong").first()
    if community is None or Fund.objects.filter(community=community, name=CCTV_FUND).exists():
        return {}
    yucai = community.compounds.get(name="育才小区")
    User = get_user_model()
    treasurer = User.objects.filter(username="sl_treasurer").first()
    staff = User.objects.filter(username="sl_staff").first()

    # The CCTV levy and its approval.
    approval = services.approval_record(
        community=community,
        compound=yucai,
        meeting_name="育才小区业主代表议事会（安装监控）",
        decided_on=datetime.date(2022, 3, 12),
        votes_for=41,
        votes_against=2,
        votes_abstain=3,
        summary="一事一议：在小区出入口和各楼栋安装监控，已装修住户每户集资50元，多退少补，账目公示。",
        actor=treasurer,
    )
    fund = services.fund_create(
        community=community, compound=yucai, name=CCTV_FUND, kind=Fund.Kind.LEVY, actor=treasurer
    )
    created = services.levy_create(
        compound=yucai,
        purpose="安装监控",
        description="小区出入口及8个楼栋安装监控，24小时录像。",
        amount=Decimal("50.00"),
        fund=fund,
        approval=approval,
        renovation=Household.Renovation.RENOVATED,
        scope_description="已装修住户",
        due_date=datetime.date(2022, 4, 30),
        actor=treasurer,
    )
    cctv = created.levy
    # Collected door to door in spring 2022, between the owners' meeting and the due date, on paper receipts.
    _pay_all(cctv, staff, first_day=datetime.date(2022, 3, 14), days=48, paper=True)
    # That cash went to the treasurer on the due date; this year's property-fee cash is still with the collector.
    cctv_cash = list(Payment.objects.filter(levy=cctv, method=Method.CASH))
    if staff is not None and treasurer is not None and cctv_cash:
        services.handover_record(
            community=community,
            collector=staff,
            payments=cctv_cash,
            amount=sum((p.amount for p in cctv_cash), Decimal("0.00")),
            handed_on=datetime.date(2022, 4, 30),
            note="监控集资现金",
            actor=treasurer,
        )
    for payee, purpose, amount, day, needs_approval in [
        ("咸宁市平安安防科技有限公司", "监控设备：摄像头18个、硬盘录像机1台", "7680.00", 20, True),
        ("咸宁市平安安防科技有限公司", "安装调试及线材", "2150.00", 25, True),
        ("双龙广告制作部", "监控提示牌20块", "220.00", 28, False),
    ]:
        services.expense_record(
            fund=fund,
            levy=cctv,
            payee=payee,
            purpose=purpose,
            amount=Decimal(amount),
            spent_on=datetime.date(2022, 5, day),
            approval=approval if needs_approval else None,
            receipt_photo=_receipt_image(["RECEIPT", f"{amount} CNY", f"2022-05-{day}"]),
            actor=treasurer,
        )

    # The self-run property fee: 180 yuan a year per occupied household; 6 of 201 not yet paid (97%).
    fee = services.levy_create(
        compound=yucai,
        purpose="物业费（自管）",
        amount=Decimal("180.00"),
        recurrence=Levy.Recurrence.YEARLY,
        starts_on=datetime.date(2026, 1, 1),
        occupancy=Household.Occupancy.OCCUPIED,
        scope_description="在住住户",
        due_date=datetime.date(2026, 3, 31),
        actor=treasurer,
    ).levy
    _pay_all(fee, staff, first_day=datetime.date(2026, 1, 5), days=85, skip={17, 58, 99, 123, 160, 188})

    # The co-managed fund and the happiness fund.
    co = services.fund_create(
        community=community,
        compound=yucai,
        name="育才小区共管资金",
        kind=Fund.Kind.CO_MANAGED,
        actor=treasurer,
    )
    happy = services.fund_create(
        community=community,
        compound=yucai,
        name="育才小区幸福基金",
        kind=Fund.Kind.HAPPINESS,
        actor=treasurer,
    )
    for target, kind, amount, donor, day, note in [
        (co, Income.Kind.CONTRIBUTION, "5000.00", "", 3, "社区党委出资"),
        (co, Income.Kind.DONATION, "2000.00", "咸宁市平安安防科技有限公司", 10, ""),
        (co, Income.Kind.DONATION, "300.00", "", 12, "匿名捐赠"),
        (happy, Income.Kind.DONATION, "1000.00", "双龙便民超市", 15, "爱心企业捐赠"),
        (happy, Income.Kind.CONTRIBUTION, "2000.00", "", 18, "社区出资"),
    ]:
        services.income_record(
            fund=target,
            kind=kind,
            amount=Decimal(amount),
            donor_name=donor,
            # The shop is a registered partner (partners' demo): its donation names it, by its own consent.
            donor_partner=Partner.objects.filter(community=community, name=donor).first() if donor else None,
            received_on=datetime.date(2026, 2, day),
            note=note,
            actor=treasurer,
        )
    services.income_record(
        fund=happy,
        kind=Income.Kind.TRANSFER,
        amount=Decimal("500.00"),
        source_fund=co,
        received_on=datetime.date(2026, 3, 1),
        note="共管资金划入幸福基金",
        actor=treasurer,
    )
    services.expense_record(
        fund=co,
        payee="王师傅水电维修",
        purpose="更换楼道声控灯36盏",
        amount=Decimal("860.00"),
        spent_on=datetime.date(2026, 3, 8),
        receipt_photo=_receipt_image(["RECEIPT", "860.00 CNY"]),
        actor=treasurer,
    )
    services.expense_record(
        fund=happy,
        payee="双龙便民超市",
        purpose="志愿服务积分兑换奖品（米、油、洗衣液）",
        amount=Decimal("420.00"),
        spent_on=datetime.date(2026, 3, 20),
        receipt_photo=_receipt_image(["RECEIPT", "420.00 CNY"]),
        actor=treasurer,
    )
    # Published for the notice board, and residents' questions with public answers (质询 / 答复).
    services.snapshot_publish(levy=cctv, period="2022年5月", actor=treasurer)
    asked = services.inquiry_submit(
        compound=yucai,
        levy=cctv,
        expense=cctv.expenses.order_by("pk").first(),
        text="摄像头18个、录像机1台共7680元，单价是多少？录像能保存多少天？",
        contact="3栋住户",
    )
    services.inquiry_answer(
        inquiry=asked,
        actor=treasurer,
        text="摄像头每个380元共6840元，硬盘录像机840元，报价单已贴在公示栏。录像保存30天。",
    )
    waiting = services.inquiry_submit(
        compound=yucai,
        fund=co,
        text="共管资金今年还计划用在哪些地方？",
        contact="",
    )
    services.inquiry_moderate(inquiry=waiting, publish=True, actor=staff)
    wide = _community_wide_fund(community, treasurer)
    return {"cctv": cctv.pk, "property_fee": fee.pk, "community_fund": wide.pk}


def _community_wide_fund(community, treasurer) -> Fund:
    """The community's own happiness fund, read from every compound's board and from the community's."""
    wide = services.fund_create(
        community=community,
        name=COMMUNITY_FUND,
        kind=Fund.Kind.HAPPINESS,
        description="志愿服务积分兑换、困难家庭帮扶，全社区共用。",
        actor=treasurer,
    )
    services.income_record(
        fund=wide,
        kind=Income.Kind.DONATION,
        amount=Decimal("3000.00"),
        donor_name="",
        received_on=datetime.date(2026, 4, 1),
        note="辖区单位爱心捐赠",
        actor=treasurer,
    )
    services.expense_record(
        fund=wide,
        payee="双龙便民超市",
        purpose="重阳节慰问独居老人（米、油）",
        amount=Decimal("640.00"),
        spent_on=datetime.date(2026, 10, 29),
        receipt_photo=_receipt_image(["RECEIPT", "640.00 CNY"]),
        actor=treasurer,
    )
    services.snapshot_publish(fund=wide, period="2026年10月", actor=treasurer)
    xixin = community.compounds.filter(name="西新巷小区").first()
    if xixin is not None:
        services.inquiry_submit(compound=xixin, fund=wide, text="社区幸福基金可以用在我们小区的路灯吗？")
    return wide
