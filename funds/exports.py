"""Excel exports of the ledgers (for the office's own files; public pages never offer downloads)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from . import queries
from .models import Levy, Payment

MONEY_FORMAT = "#,##0.00"


def _sheet(workbook, title: str, header: list, rows, money_columns: set[int], first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
        for index in money_columns:
            sheet.cell(row=sheet.max_row, column=index).number_format = MONEY_FORMAT
    return sheet


def levy_workbook(levy: Levy) -> bytes:
    """Two sheets: every charge with what is paid, waived and outstanding; every payment by the date paid."""
    workbook = Workbook()
    _sheet(
        workbook,
        _("Charges"),
        [
            _("building"),
            _("unit"),
            _("room"),
            _("period"),
            _("amount due"),
            _("paid"),
            _("waived"),
            _("outstanding"),
        ],
        (
            [
                c.household.building.label,
                c.household.unit,
                c.household.room,
                c.period,
                c.amount,
                c.paid,
                c.waived,
                c.outstanding,
            ]
            for c in queries.levy_charges(levy)
        ),
        money_columns={5, 6, 7, 8},
        first=True,
    )
    _sheet(
        workbook,
        _("Payments"),
        [
            _("receipt number"),
            _("room"),
            _("amount"),
            _("payment method"),
            _("date paid"),
            _("paper receipt number"),
            _("recorded"),
            _("reversed"),
        ],
        (
            [
                p.receipt_number,
                p.household.label,
                p.amount,
                p.get_method_display(),
                p.paid_on,
                p.paper_receipt_no,
                timezone.localtime(p.recorded_at).strftime("%Y-%m-%d %H:%M"),
                _("yes") if hasattr(p, "reversal") else "",
            ]
            for p in Payment.objects.filter(levy=levy)
            .select_related("household__building", "reversal")
            .order_by("paid_on", "receipt_number")
        ),
        money_columns={3},
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
