"""Excel exports of the ledgers (for the office's own files; public pages never offer downloads).

Written by the app's one spreadsheet writer (communities/spreadsheets.py): a building label or a note that
starts like a formula stays text, amounts stay numbers in the money format, dates and times stay dates and
times."""

from django.utils.translation import gettext as _

from communities.spreadsheets import Sheet, xlsx_bytes

from . import queries
from .models import Levy, Payment


def levy_workbook(levy: Levy) -> bytes:
    """Two sheets: every charge with what is paid, waived and outstanding; every payment by the date paid."""
    charges = Sheet(
        title=_("Charges"),
        rows=[
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
            *(
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
        ],
        money=frozenset({4, 5, 6, 7}),
    )
    payments = Sheet(
        title=_("Payments"),
        rows=[
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
            *(
                [
                    p.receipt_number,
                    p.household.label,
                    p.amount,
                    p.get_method_display(),
                    p.paid_on,
                    p.paper_receipt_no,
                    p.recorded_at,
                    _("yes") if hasattr(p, "reversal") else "",
                ]
                for p in Payment.objects.filter(levy=levy)
                .select_related("household__building", "reversal")
                .order_by("paid_on", "receipt_number")
            ),
        ],
        money=frozenset({2}),
    )
    return xlsx_bytes(charges, payments)
