"""The demo shows the case: the CCTV levy at 201/201, 100%, 10,050.00 yuan; the property fee at 97%."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from funds.models import Fund, Inquiry, Levy, Payment, Snapshot
from funds.queries import fund_figures, levy_figures_one
from funds.services import snapshot_matches
from funds.verify import verify


@pytest.mark.django_db
def test_demo_ledgers_match_the_case_and_verify(settings, tmp_path, client):
    from communities import demo as communities_demo
    from funds import demo

    communities_demo.load()
    demo.load()
    cctv = Levy.objects.get(purpose="安装监控")
    figures = levy_figures_one(cctv)
    assert (figures.households_settled, figures.households_charged) == (201, 201)
    assert figures.rate_households == Decimal("100.0")
    assert figures.collected == Decimal("10050.00")
    assert figures.spent == Decimal("10050.00") and figures.balance == Decimal("0.00")
    assert cctv.scope_total == 256 and cctv.scope_charged == 201
    # Collected in spring 2022 on paper receipts, entered later: the payments carry the 2022 dates.
    cctv_dates = set(Payment.objects.filter(levy=cctv).values_list("paid_on", flat=True))
    assert min(cctv_dates) >= datetime.date(2022, 3, 12) and max(cctv_dates) <= cctv.due_date
    assert len(cctv_dates) > 20
    assert not Payment.objects.filter(levy=cctv, paper_receipt_no="").exists()
    # Its cash was handed over; this year's property-fee cash still waits (item 10).
    assert not Payment.objects.filter(levy=cctv, method="cash", handover_item__isnull=True).exists()
    assert Payment.objects.filter(method="cash", handover_item__isnull=True).exclude(levy=cctv).exists()
    fee = Levy.objects.get(purpose="物业费（自管）")
    fee_figures = levy_figures_one(fee)
    assert fee_figures.rate_households == Decimal("97.0")
    funds = list(Fund.objects.all())
    figures_by_fund = fund_figures(funds)
    balances = {f.name: figures_by_fund[f.pk].balance for f in funds}
    assert balances["育才小区共管资金"] == Decimal("5940.00")
    assert balances["育才小区幸福基金"] == Decimal("3080.00")
    assert verify() == []
    # A published snapshot and residents' questions, one answered in public.
    snapshot = Snapshot.objects.get(levy=cctv)
    assert snapshot_matches(snapshot)
    # The printed notice for the notice board says what the case says.
    notice = client.get(
        reverse(
            "funds_public:snapshot_print", kwargs={"token": cctv.compound.public_token, "pk": snapshot.pk}
        )
    ).content.decode()
    assert "201/201" in notice and "100.0%" in notice and "¥10,050.00" in notice
    public = client.get(
        reverse("funds_public:levy", kwargs={"token": cctv.compound.public_token, "pk": cctv.pk})
    )
    assert "¥10,050.00" in public.content.decode()
    answered = Inquiry.objects.get(levy=cctv)
    assert answered.state == Inquiry.State.PUBLISHED and answered.answers.count() == 1
    assert Inquiry.objects.filter(state=Inquiry.State.PUBLISHED).count() == 2
    # The community-wide happiness fund: one snapshot, no compound, read from every board of the community.
    wide = Fund.objects.get(name=demo.COMMUNITY_FUND)
    assert wide.compound_id is None and balances[demo.COMMUNITY_FUND] == Decimal("2360.00")
    wide_snapshot = Snapshot.objects.get(fund=wide)
    assert wide_snapshot.compound_id is None and snapshot_matches(wide_snapshot)
    for compound in wide.community.compounds.all():
        board = client.get(reverse("public_board", args=[compound.public_token])).content.decode()
        assert demo.COMMUNITY_FUND in board, compound.name
        page = client.get(reverse("funds_public:snapshot", args=[compound.public_token, wide_snapshot.pk]))
        assert page.status_code == 200 and wide_snapshot.short_hash in page.content.decode()
    count = Payment.objects.count()
    demo.load()  # idempotent
    assert Payment.objects.count() == count
    call_command("verify_ledgers")
