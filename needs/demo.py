"""Demo needs of 双龙社区 from the case, written through needs.services, then the meetings and decisions
(needs/demo_meetings.py). Loaded by `manage.py load_demo` after the lower apps'; safe to run twice.

- 育才小区: the CCTV (done, paid by its levy), the 幸福小屋 in 熊爹爹's garage (done: his space, the paint a work
  unit gave, residents' labour delivered as confirmed hours), 两亭四廊 with the gate and the green belts (done),
  messy parking (in progress), a declined need with its reason, a bench meeting (板凳会) with four needs, needs in each quadrant;
- 西新巷小区: gas for all 141 households, 390 people (已通气 141/141, in progress until the last check);
- 电大小区: the charging points (done, with the households reached).
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from communities.models import Community, Household

from . import demo_meetings, services
from .models import Need, State

MARKER = "小区安装监控"


def _photo(colour: str, text: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 320), colour)
    ImageDraw.Draw(image).text((20, 20), text, fill="white")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def _when(need: Need, created: str, since: str | None = None) -> None:
    """The demo's needs were raised in 2022: back-date them (the services stamp today)."""
    tz = timezone.get_current_timezone()
    created_at = datetime.datetime.fromisoformat(created).replace(tzinfo=tz)
    since_at = datetime.datetime.fromisoformat(since).replace(tzinfo=tz) if since else created_at
    Need.objects.filter(pk=need.pk).update(created_at=created_at, state_since=since_at)


def _done(need, staff, *, plan, cost, who, result, quadrant, why, levy=None, deliberate=True):
    services.need_triage(need=need, urgent=quadrant[0], important=quadrant[1], rationale=why, actor=staff)
    if deliberate:
        services.need_set_status(
            need=need, state=State.DELIBERATION, note="提交居民议事会一事一议", actor=staff
        )
        services.need_set_status(
            need=need,
            state=State.PLANNED,
            plan=plan,
            estimated_cost=Decimal(cost),
            responsible_note=who,
            levy=levy,
            actor=staff,
        )
    services.need_set_status(need=need, state=State.IN_PROGRESS, note="开工", actor=staff)
    return services.need_set_status(
        need=need, state=State.DONE, result=result, after_photos=[_photo("#2e7d32", "after")], actor=staff
    )


def _labour_delivered(pledge, staff) -> None:
    """Residents' labour on the 幸福小屋: three days of painting recorded as hours with the delivery (by
    sl_staff, through partners' hours_record) and confirmed by sl_admin, the second person, so they count."""
    from partners import services as partners_services

    admin = get_user_model().objects.filter(username="sl_admin").first()
    for day in (4, 5, 6):
        delivery = services.delivery_record(
            pledge=pledge,
            hours="8",
            description="粉刷幸福小屋墙面",
            delivered_on=datetime.date(2022, 6, day),
            idempotency_key=f"demo-hut-labour-{day}",
            actor=staff,
        )
        if admin is not None:
            partners_services.hours_confirm(entry=delivery.hours_entry, actor=admin)


def load() -> dict:
    figures = _needs()
    figures.update(demo_meetings.load())
    return figures


@transaction.atomic
def _needs() -> dict:
    community = Community.objects.filter(slug="shuanglong").first()
    if community is None or Need.objects.filter(community=community, title=MARKER).exists():
        return {}
    from funds.models import Levy
    from partners.models import Partner

    User = get_user_model()
    staff = User.objects.filter(username="sl_staff").first()
    treasurer = User.objects.filter(username="sl_treasurer").first()
    compounds = {c.name: c for c in community.compounds.all()}
    yucai, xixin, dianda = compounds["育才小区"], compounds.get("西新巷小区"), compounds.get("电大小区")
    partners = {p.name: p for p in Partner.objects.filter(community=community)}

    def make(title, category, channel="doorstep", compound=yucai, **extra):
        return services.need_create(
            compound=compound, title=title, category=category, channel=channel, actor=staff, **extra
        )

    made = 0
    # The CCTV: done, paid by the 50-yuan levy of the renovated households.
    cctv = make(
        MARKER, "safety", "bench", description="小区无物业，夜里常有电动车电瓶被偷，居民希望安装监控。"
    )
    levy = Levy.objects.filter(compound=yucai, purpose="安装监控").first()
    _done(
        cctv,
        staff,
        plan="出入口及8个楼栋安装摄像头18个，已装修住户每户集资50元。",
        cost="10050",
        who="育才小区合伙人队伍",
        result="18个摄像头投入使用，24小时录像；集资账目逐笔公示。",
        quadrant=(True, True),
        why="电瓶频繁被盗，关系每家安全",
        levy=levy,
    )
    _when(cctv, "2022-03-05", "2022-05-30")
    # 幸福小屋: 熊爹爹's garage, paint from a work unit, residents' labour.
    hut = make(
        "把熊爹爹的车库改成幸福小屋",
        "elderly",
        "coplanning",
        description="老人们没有歇脚聊天的地方；熊爹爹愿意让出自家车库。",
    )
    pledges = []
    if "熊爹爹" in partners:
        pledges.append(
            services.pledge_create(
                need=hut,
                partner=partners["熊爹爹"],
                kind="space",
                item="自家车库",
                estimated_value="6000",
                description="车库约20平方米，长期无偿使用",
                actor=staff,
            )
        )
    if "咸宁市住房和城乡建设局" in partners:
        pledges.append(
            services.pledge_create(
                need=hut,
                partner=partners["咸宁市住房和城乡建设局"],
                kind="materials",
                item="墙面涂料",
                quantity="20",
                unit="桶",
                estimated_value="2400",
                actor=staff,
            )
        )
    labour = None
    if "罗大叔" in partners:
        labour = services.pledge_create(
            need=hut,
            partner=partners["罗大叔"],
            kind="labour",
            hours="24",
            description="粉刷墙面",
            actor=staff,
        )
    for index, pledge in enumerate(pledges):
        services.delivery_record(
            pledge=pledge,
            quantity=pledge.quantity,
            estimated_value=pledge.estimated_value,
            delivered_on=datetime.date(2022, 6, 10),
            idempotency_key=f"demo-hut-{index}",
            actor=treasurer or staff,
        )
    if labour is not None:
        _labour_delivered(labour, staff)
    _done(
        hut,
        staff,
        plan="车库清理、粉刷、添置桌椅，作为老人活动室。",
        cost="0",
        who="育才小区合伙人队伍",
        result="幸福小屋开放，每天有老人在此下棋聊天。",
        quadrant=(False, True),
        why="老人多，缺活动场所",
    )
    _when(hut, "2022-04-02", "2022-06-20")
    pavilions = make("两亭四廊、大门和绿化带", "facilities", "coplanning", description="九类设施一并改造。")
    _done(
        pavilions,
        staff,
        plan="建两座亭子、四条廊道，修大门，补种绿化带。",
        cost="86000",
        who="育才小区合伙人队伍",
        result="两亭四廊、大门和绿化带完工，九类设施全部到位。",
        quadrant=(False, True),
        why="小区环境整体提升",
    )
    _when(pavilions, "2022-05-01", "2022-10-15")
    parking = make("车辆乱停乱放", "parking", "wechat", description="消防通道常被堵。")
    services.need_triage(need=parking, urgent=True, important=True, rationale="堵塞消防通道", actor=staff)
    services.need_set_status(need=parking, state=State.DELIBERATION, actor=staff)
    services.need_set_status(
        need=parking,
        state=State.PLANNED,
        plan="划停车位，楼栋长轮流劝导，曝光台公示。",
        estimated_cost=Decimal("3000"),
        responsible_note="各楼栋长",
        actor=staff,
    )
    services.need_set_status(need=parking, state=State.IN_PROGRESS, note="已划线40个车位", actor=staff)
    _when(parking, "2022-08-01")
    # A declined one.
    chess = make("在小区里开一间通宵棋牌室", "culture", "walk_in")
    services.need_set_status(
        need=chess,
        state=State.DECLINED,
        reason="夜间噪音扰民，居民议事会未通过；白天可去幸福小屋下棋。",
        actor=staff,
    )
    # A bench meeting with four needs, in each quadrant.
    session = services.intake_session_create(
        compound=yucai,
        channel="bench",
        held_on=datetime.date(2022, 9, 18),
        place="3栋楼下",
        attendees=23,
        actor=staff,
        needs=[
            {"title": "3栋楼道灯不亮", "category": "safety"},
            {"title": "晾衣架被占用", "category": "environment"},
            {"title": "加装电梯", "category": "facilities"},
            {"title": "孩子放学后没人看管", "category": "children"},
        ],
    )
    quadrants = {
        "3栋楼道灯不亮": ((True, False), "换灯泡即可，马上办"),
        "晾衣架被占用": ((False, False), "先由楼栋长协调"),
        "加装电梯": ((False, True), "费用大，需全体业主表决"),
        "孩子放学后没人看管": ((True, True), "双职工家庭多"),
    }
    for need in session.needs.all():
        (urgent, important), why = quadrants[need.title]
        services.need_triage(need=need, urgent=urgent, important=important, rationale=why, actor=staff)
    made += 9
    if xixin is not None:
        gas = make(
            "全小区通天然气", "facilities", "bench", compound=xixin, description="西新巷141户仍用罐装液化气。"
        )
        households = list(Household.objects.filter(compound=xixin))
        services.coverage_mark(need=gas, households=households, actor=staff, label="已通气")
        services.need_triage(
            need=gas, urgent=True, important=True, rationale="罐装气不安全，老人搬不动", actor=staff
        )
        services.need_set_status(
            need=gas, state=State.IN_PROGRESS, note="燃气公司逐户安装、验收", actor=staff
        )
        _when(gas, "2022-05-20", "2022-11-30")
        made += 1
    if dianda is not None:
        charging = make(
            "安装电动车充电桩",
            "safety",
            "wechat",
            compound=dianda,
            description="电动车在楼道充电，火灾隐患。",
        )
        households = list(Household.objects.filter(compound=dianda).order_by("pk"))
        services.coverage_mark(
            need=charging, households=households[: len(households) * 5 // 6], actor=staff, label="已装桩"
        )
        _done(
            charging,
            staff,
            plan="每栋楼下建集中充电点，住户按需开通。",
            cost="24000",
            who="电大小区合伙人队伍",
            result="3个集中充电点建成，楼道不再充电。",
            quadrant=(True, True),
            why="楼道充电有火灾隐患",
        )
        _when(charging, "2022-06-15", "2022-09-01")
        made += 1
    # A resident's need from the board, waiting for review.
    services.need_submit(
        compound=yucai, title="小区门口下雨积水", category="environment", contact="13872009999", name="居民"
    )
    return {"needs": made + 1}
