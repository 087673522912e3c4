"""Business operations of the funds app: the only way money and the published ledger are written.

Views, admin, commands, demo data, tests and other apps (needs: approvals; partners: donations; recognition:
reward redemptions) call these keyword-only functions as `services.<name>` (`from funds import services`).
Each runs in one transaction, refuses with a translated DomainError, and writes an audit entry on success.
Entries are append-only: a mistake is corrected by a reversal that names the original.

One module per area:
- `funds`: funds, the community's funds settings, approvals;
- `levies`: levies and their charges, periods of a recurring fee, cancelling and closing;
- `payments`: payments and their receipt numbers, reversals of payments, waivers;
- `entries`: other income and expenses, and their reversals;
- `handovers`: cash handed over by the staff who collected it to the treasurer;
- `publication`: residents' questions and answers, households' confirmations, 公示 snapshots and corrections.
"""

from .entries import expense_record, expense_reverse, income_record, income_reverse
from .funds import approval_record, fund_create, fund_settings_update
from .handovers import handover_record
from .levies import LevyCreated, levy_cancel, levy_close, levy_create, property_fee_generate_periods
from .payments import payment_record, payment_reverse, waiver_approve, waiver_request
from .publication import (
    ANSWER_MAX,
    INQUIRY_MAX,
    canonical_json,
    content_hash,
    inquiry_answer,
    inquiry_moderate,
    inquiry_submit,
    ledger_content,
    payment_confirm,
    payment_flag,
    snapshot_correct,
    snapshot_matches,
    snapshot_publish,
)

__all__ = [
    "ANSWER_MAX",
    "INQUIRY_MAX",
    "LevyCreated",
    "approval_record",
    "canonical_json",
    "content_hash",
    "expense_record",
    "expense_reverse",
    "fund_create",
    "fund_settings_update",
    "handover_record",
    "income_record",
    "income_reverse",
    "inquiry_answer",
    "inquiry_moderate",
    "inquiry_submit",
    "ledger_content",
    "levy_cancel",
    "levy_close",
    "levy_create",
    "payment_confirm",
    "payment_flag",
    "payment_record",
    "payment_reverse",
    "property_fee_generate_periods",
    "snapshot_correct",
    "snapshot_matches",
    "snapshot_publish",
    "waiver_approve",
    "waiver_request",
]
