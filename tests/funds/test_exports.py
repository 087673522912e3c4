"""The levy's Excel export, read back as a spreadsheet program reads it: text stays text, amounts stay numbers."""

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from funds import services
from tests.factories import BuildingFactory, HouseholdFactory
from tests.spreadsheets import assert_no_formula_in_xlsx

from .conftest import pay

HYPERLINK = '=HYPERLINK("http://x","点我")'


def test_fix_01_levy_export_writes_no_formula_and_keeps_amounts_numbers_and_dates_dates(world, login):
    building = BuildingFactory(compound=world.compound, label=HYPERLINK)
    first = HouseholdFactory(compound=world.compound, building=building, unit="+1单元", room="-101")
    HouseholdFactory(compound=world.compound, building=building, unit="@2", room="\t102")
    levy = services.levy_create(
        compound=world.compound, purpose="安装监控", amount=Decimal("50.00"), actor=world.treasurer
    ).levy
    payment = pay(levy.charges.get(household=first))

    response = login(world.observer).get(
        reverse("funds:levy_export", kwargs={"slug": world.home.slug, "pk": levy.pk})
    )
    assert response.status_code == 200
    assert_no_formula_in_xlsx(response.content)

    charges, payments = load_workbook(io.BytesIO(response.content)).worksheets
    rows = {row[2].value: row for row in charges.iter_rows(min_row=2)}
    text = rows["'-101"]
    assert [text[0].value, text[1].value] == ["'" + HYPERLINK, "'+1单元"]  # the text as typed, made harmless
    assert rows["'\t102"][1].value == "'@2"
    for cell in text[4:8]:  # amount due, paid, waived, outstanding
        assert isinstance(cell.value, int | float) and cell.number_format == "#,##0.00"
    assert [cell.value for cell in text[4:8]] == [50, 50, 0, 0]

    receipt, room, amount, _method, paid_on, _paper, recorded, _reversed = next(payments.iter_rows(min_row=2))
    assert isinstance(paid_on.value, datetime.datetime) and paid_on.value.date() == payment.paid_on
    assert room.value == "'" + HYPERLINK + "+1单元-101"
    assert amount.value == 50 and amount.number_format == "#,##0.00"
    assert receipt.value == payment.receipt_number
    local = timezone.localtime(payment.recorded_at).replace(tzinfo=None, microsecond=0)
    assert (
        isinstance(recorded.value, datetime.datetime) and recorded.value == local
    )  # a date, in Shanghai time
