"""Levies, payments, waivers, reversals, income and expenses through the service functions."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from communities.errors import DomainError
from communities.models import AuditEntry
from funds import services
from funds.models import Charge, Fund, Income, Levy, Payment, Reversal
from funds.queries import fund_balance, levy_buildings, levy_figures_one

from .conftest import make_households, pay


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the services' refusals in the source language; pages show them translated."""
    with translation.override("en"):
        yield


D = Decimal


def test_levy_charges_each_household_in_scope_and_reconciles_the_scope(world, ledger):
    assert ledger.created.text == "5 households = 3 charged + 2 not applicable"
    assert Charge.objects.filter(levy=ledger.levy).count() == 3
    assert {c.amount for c in ledger.charges} == {D("50.00")}
    assert all(c.community == world.home for c in ledger.charges)
    assert AuditEntry.objects.filter(action="levy.create", community=world.home).exists()


def test_levy_on_some_buildings_only(world):
    make_households(world.compound, [101, 102], building="3栋")
    three = world.compound.buildings.get(label="3栋")
    created = services.levy_create(
        compound=world.compound, purpose="3栋楼道灯", amount=D("20"), buildings=[three], actor=world.treasurer
    )
    assert created.charged == 2 and created.total == 3
    # The scope's row is a tenant row: it carries the levy's community.
    from funds.models import LevyScopeBuilding

    assert list(LevyScopeBuilding.objects.values_list("building", "community")) == [(three.pk, world.home.pk)]


def test_levy_per_square_metre_rounds_to_the_fen(world):
    homes = make_households(world.compound, [701], building="7栋", floor_area=D("88.45"))
    seven = homes[0].building
    created = services.levy_create(
        compound=world.compound,
        purpose="外墙",
        amount=D("1.20"),
        basis=Levy.Basis.PER_M2,
        buildings=[seven],
        actor=world.treasurer,
    )
    assert created.levy.charges.get().amount == D("106.14")


def test_levy_per_square_metre_refuses_households_without_floor_area(world):
    with pytest.raises(DomainError, match="floor area"):
        services.levy_create(
            compound=world.compound,
            purpose="外墙",
            amount=D("1.20"),
            basis=Levy.Basis.PER_M2,
            actor=world.treasurer,
        )
    assert not Levy.objects.exists()


def test_levy_refuses_zero_amount_and_other_communitys_fund(world):
    with pytest.raises(DomainError):
        services.levy_create(compound=world.compound, purpose="x", amount=D("0"), actor=world.treasurer)
    other_fund = services.fund_create(
        community=world.other, name="别处", kind=Fund.Kind.LEVY, actor=world.outsider
    )
    with pytest.raises(DomainError):
        services.levy_create(
            compound=world.compound, purpose="x", amount=D("5"), fund=other_fund, actor=world.treasurer
        )


def test_a_levy_without_a_fund_creates_its_fund_with_an_audit_entry_under_a_name_not_taken(world):
    first = services.levy_create(
        compound=world.compound, purpose="安装监控", amount=D("50"), actor=world.treasurer
    ).levy
    second = services.levy_create(
        compound=world.compound, purpose="安装监控", amount=D("30"), actor=world.treasurer
    ).levy
    assert (first.fund.name, second.fund.name) == ("安装监控", "安装监控 (2)")
    assert first.fund.kind == Fund.Kind.LEVY and first.fund.compound == world.compound
    entries = AuditEntry.objects.filter(action="fund.create", community=world.home).order_by("id")
    assert [(e.target_id, e.actor_id, e.changes["name"]) for e in entries] == [
        (str(first.fund.pk), world.treasurer.pk, [None, "安装监控"]),
        (str(second.fund.pk), world.treasurer.pk, [None, "安装监控 (2)"]),
    ]


def test_two_levies_with_one_long_purpose_get_two_funds(world):
    """A purpose longer than a fund's name is cut to 100 characters; a space left at the cut is dropped."""
    purpose = "为" * 99 + " " + "育才小区加装监控"
    first, second = (
        services.levy_create(
            compound=world.compound, purpose=purpose, amount=D("5"), actor=world.treasurer
        ).levy
        for _ in range(2)
    )
    assert (first.fund.name, second.fund.name) == ("为" * 99, "为" * 95 + " (2)")


def test_payments_get_gap_free_receipt_numbers_and_settle_charges(world, ledger):
    numbers = [pay(c, actor=world.staff).receipt_number for c in ledger.charges]
    assert numbers == [1, 2, 3]
    figures = levy_figures_one(ledger.levy)
    assert (figures.households_settled, figures.households_charged) == (3, 3)
    assert figures.collected == D("150.00") and figures.rate_households == D("100.0")
    assert figures.rate_amount == D("100.0")
    assert fund_balance(ledger.fund) == D("150.00")


def test_partial_payments_and_never_more_than_outstanding(world, ledger):
    charge = ledger.charges[0]
    pay(charge, "20.00")
    with pytest.raises(DomainError, match="outstanding"):
        pay(charge, "30.01")
    pay(charge, "30.00")
    with pytest.raises(DomainError):
        pay(charge, "0.01")
    charge.refresh_from_db()
    assert charge.paid == D("50.00")


def test_double_tap_records_once_and_returns_the_first_payment(world, ledger):
    first = pay(ledger.charges[0], "20.00", key="form-1")
    second = pay(ledger.charges[0], "20.00", key="form-1")
    assert second.pk == first.pk
    assert Payment.objects.count() == 1
    ledger.charges[0].refresh_from_db()
    assert ledger.charges[0].paid == D("20.00")


def test_reversal_names_the_payment_and_keeps_the_receipt_in_sequence(world, ledger):
    p1 = pay(ledger.charges[0])
    reversal = services.payment_reverse(payment=p1, reason="记错户", actor=world.treasurer)
    assert reversal.payment == p1 and reversal.reversed_by == world.treasurer
    p2 = pay(ledger.charges[1])
    assert p2.receipt_number == 2  # the reversed receipt keeps number 1
    assert levy_figures_one(ledger.levy).collected == D("50.00")
    with pytest.raises(DomainError, match="already"):
        services.payment_reverse(payment=p1, reason="again", actor=world.treasurer)


def test_reversal_cannot_exceed_the_payment_nor_leave_part_of_it(world, ledger):
    p = pay(ledger.charges[0], "20.00")
    with pytest.raises(DomainError):
        services.payment_reverse(payment=p, reason="x", amount=D("20.01"), actor=world.treasurer)
    with pytest.raises(DomainError):
        services.payment_reverse(payment=p, reason="x", amount=D("5.00"), actor=world.treasurer)
    assert not Reversal.objects.exists()
    services.payment_reverse(payment=p, reason="x", amount=D("20.00"), actor=world.treasurer)
    assert Reversal.objects.get().amount == D("20.00")


def test_cancelling_a_levy_after_a_reversal_keeps_the_ledger_consistent(world, ledger):
    from funds.verify import verify

    p = pay(ledger.charges[0])
    services.payment_reverse(payment=p, reason="记错", actor=world.treasurer)
    pay(ledger.charges[0], "30.00")
    services.levy_cancel(levy=ledger.levy, reason="取消", actor=world.treasurer)
    assert verify() == []
    assert fund_balance(ledger.fund) == D("0.00")


def test_waiver_needs_a_second_person_and_then_counts_as_settled(world, ledger):
    charge = ledger.charges[0]
    waiver = services.waiver_request(charge=charge, amount=D("50"), reason="低保户", actor=world.staff)
    with pytest.raises(DomainError, match="second person"):
        services.waiver_approve(waiver=waiver, actor=world.staff)
    assert levy_figures_one(ledger.levy).households_settled == 0
    services.waiver_approve(waiver=waiver, actor=world.treasurer)
    figures = levy_figures_one(ledger.levy)
    assert figures.households_settled == 1 and figures.due == D("100.00")
    with pytest.raises(DomainError):
        pay(charge, "1.00")
    with pytest.raises(DomainError):
        services.waiver_approve(waiver=waiver, actor=world.admin)
    entry = AuditEntry.objects.get(action="waiver.request")
    assert "低保户" not in str(entry.changes)


def test_waiver_cannot_exceed_what_is_due(world, ledger):
    pay(ledger.charges[0], "30.00")
    with pytest.raises(DomainError):
        services.waiver_request(charge=ledger.charges[0], amount=D("20.01"), reason="x", actor=world.staff)


def test_buildings_figures(world, ledger):
    pay(ledger.charges[0])
    (row,) = levy_buildings(ledger.levy)
    assert (row["label"], row["households"], row["settled"]) == ("1栋", 3, 1)


def test_monthly_property_fee_generates_periods_and_a_household_prepays(world):
    make_households(world.compound, [801, 802], building="8栋", floor_area=D("80"))
    eight = world.compound.buildings.get(label="8栋")
    created = services.levy_create(
        compound=world.compound,
        purpose="物业费",
        amount=D("0.50"),
        basis=Levy.Basis.PER_M2,
        recurrence=Levy.Recurrence.MONTHLY,
        starts_on=datetime.date(2026, 1, 15),
        buildings=[eight],
        actor=world.treasurer,
    )
    levy = created.levy
    assert levy.fund.kind == Fund.Kind.PROPERTY_FEE
    assert list(levy.charges.order_by().values_list("period", flat=True).distinct()) == ["2026-01"]
    made = services.property_fee_generate_periods(
        levy=levy, through=datetime.date(2026, 6, 1), actor=world.treasurer
    )
    assert made == 10
    assert levy.charges.count() == 12
    assert (
        services.property_fee_generate_periods(levy=levy, through=datetime.date(2026, 6, 1), actor=None) == 0
    )
    charge = levy.charges.get(period="2026-06", household__room="801")
    assert charge.amount == D("40.00")
    figures = levy_figures_one(levy, today=datetime.date(2026, 3, 10))
    assert figures.households_charged == 2 and figures.charged == D("240.00")  # Jan-Mar are due
    pay(charge, "40.00")  # prepaying June
    assert levy_figures_one(levy, today=datetime.date(2026, 3, 10)).collected == D("40.00")


def test_income_transfer_and_expense_move_fund_balances(world):
    co = services.fund_create(
        community=world.home, name="共管资金", kind=Fund.Kind.CO_MANAGED, actor=world.treasurer
    )
    happy = services.fund_create(
        community=world.home, name="幸福基金", kind=Fund.Kind.HAPPINESS, actor=world.treasurer
    )
    services.income_record(
        fund=co,
        kind=Income.Kind.DONATION,
        amount=D("500"),
        donor_name="某物业公司",
        received_on=datetime.date(2026, 1, 1),
        actor=world.treasurer,
    )
    services.income_record(
        fund=happy,
        kind=Income.Kind.TRANSFER,
        amount=D("200"),
        source_fund=co,
        received_on=datetime.date(2026, 1, 2),
        actor=world.treasurer,
    )
    with pytest.raises(DomainError):
        services.income_record(
            fund=happy,
            kind=Income.Kind.TRANSFER,
            amount=D("301"),
            source_fund=co,
            received_on=datetime.date(2026, 1, 2),
            actor=world.treasurer,
        )
    services.expense_record(
        fund=happy,
        payee="超市",
        purpose="兑换奖品",
        amount=D("80"),
        spent_on=datetime.date(2026, 1, 3),
        actor=world.treasurer,
    )
    assert fund_balance(co) == D("300.00") and fund_balance(happy) == D("120.00")
    with pytest.raises(DomainError, match="holds only"):
        services.expense_record(
            fund=happy,
            payee="x",
            purpose="y",
            amount=D("120.01"),
            spent_on=datetime.date(2026, 1, 3),
            actor=world.treasurer,
        )


def _photo_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (30.0, 0.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (30, 10), "white").save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("receipt.jpg", out.getvalue(), content_type="image/jpeg")


def test_expense_above_the_threshold_needs_an_approval_and_its_photo_is_cleaned(world, ledger):
    for c in ledger.charges:
        pay(c)
    services.fund_settings_update(
        community=world.home, expense_approval_threshold=D("100"), actor=world.admin
    )
    with pytest.raises(DomainError, match="approval"):
        services.expense_record(
            fund=ledger.fund,
            payee="安装公司",
            purpose="摄像头",
            amount=D("120"),
            spent_on=datetime.date(2026, 5, 1),
            actor=world.treasurer,
        )
    approval = services.approval_record(
        community=world.home,
        meeting_name="业主大会",
        decided_on=datetime.date(2026, 4, 1),
        votes_for=180,
        votes_against=3,
        votes_abstain=18,
        actor=world.treasurer,
    )
    expense = services.expense_record(
        fund=ledger.fund,
        levy=ledger.levy,
        payee="安装公司",
        purpose="摄像头",
        amount=D("120"),
        spent_on=datetime.date(2026, 5, 1),
        approval=approval,
        receipt_photo=_photo_with_gps(),
        actor=world.treasurer,
    )
    with expense.receipt_photo.open() as fh, Image.open(fh) as image:
        assert image.size == (10, 30) and not image.getexif()
    figures = levy_figures_one(ledger.levy)
    assert figures.spent == D("120.00") and figures.balance == D("30.00")


def test_cancelling_a_levy_refunds_every_payment_by_reversal(world, ledger):
    for c in ledger.charges[:2]:
        pay(c)
    assert services.levy_cancel(levy=ledger.levy, reason="业主大会否决", actor=world.treasurer) == 2
    assert Reversal.objects.filter(payment__levy=ledger.levy).count() == 2
    assert fund_balance(ledger.fund) == D("0.00")
    with pytest.raises(DomainError):
        pay(ledger.charges[2])


def test_closing_a_levy_moves_the_surplus_to_a_fund_by_approval(world, ledger):
    for c in ledger.charges:
        pay(c)
    co = services.fund_create(
        community=world.home, name="共管资金", kind=Fund.Kind.CO_MANAGED, actor=world.treasurer
    )
    with pytest.raises(DomainError, match="approval"):
        services.levy_close(levy=ledger.levy, fund=co, actor=world.treasurer)
    approval = services.approval_record(
        community=world.home,
        meeting_name="议事会",
        decided_on=datetime.date(2026, 6, 1),
        actor=world.treasurer,
    )
    transfer = services.levy_close(levy=ledger.levy, fund=co, approval=approval, actor=world.treasurer)
    assert transfer.amount == D("150.00")
    assert fund_balance(co) == D("150.00") and fund_balance(ledger.fund) == D("0.00")
    assert levy_figures_one(ledger.levy).balance == D("0.00")


def test_closing_a_levy_with_a_shortfall_takes_it_from_another_fund(world, ledger):
    for c in ledger.charges:
        pay(c)
    services.income_record(
        fund=ledger.fund,
        kind=Income.Kind.DONATION,
        amount=D("100"),
        donor_name="热心居民",
        received_on=datetime.date(2026, 5, 1),
        actor=world.treasurer,
    )
    approval = services.approval_record(
        community=world.home,
        meeting_name="议事会",
        decided_on=datetime.date(2026, 5, 1),
        actor=world.treasurer,
    )
    services.expense_record(
        fund=ledger.fund,
        levy=ledger.levy,
        payee="安装公司",
        purpose="摄像头",
        amount=D("200"),
        approval=approval,
        spent_on=datetime.date(2026, 5, 2),
        actor=world.treasurer,
    )
    assert levy_figures_one(ledger.levy).balance == D("-50.00")
    co = services.fund_create(
        community=world.home, name="共管资金", kind=Fund.Kind.CO_MANAGED, actor=world.treasurer
    )
    with pytest.raises(DomainError, match="less than"):
        services.levy_close(levy=ledger.levy, fund=co, approval=approval, actor=world.treasurer)
    services.income_record(
        fund=co,
        kind=Income.Kind.CONTRIBUTION,
        amount=D("80"),
        received_on=datetime.date(2026, 5, 3),
        actor=None,
    )
    transfer = services.levy_close(levy=ledger.levy, fund=co, approval=approval, actor=world.treasurer)
    assert (transfer.fund, transfer.source_fund, transfer.amount) == (ledger.fund, co, D("50.00"))
    assert levy_figures_one(ledger.levy).balance == D("0.00")
    assert fund_balance(co) == D("30.00")
