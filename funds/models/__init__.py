"""Funds: levies with per-household charges, payments, reversals, waivers, income, expenses, approvals, the
published ledger (snapshots) and residents' questions about it, cash handovers. One module per area:

- ledger: funds, levies, charges, payments, waivers, income, expenses, reversals, approvals, confirmations;
- publication: questions and answers, 公示 snapshots and their corrections;
- handover: cash handed over by collectors to the treasurer.

Money is never edited. The entry tables (APPEND_ONLY_MODELS) are append-only: the database refuses UPDATE and
DELETE on them (communities/append_only.py; triggers made by migrations 0002, 0004 and 0013). What happens to an
entry later (it is confirmed, flagged, approved, reversed or handed over) is a new row pointing at it. Every
figure is derived from the entries (funds/queries.py); `manage.py verify_ledgers` re-checks them.
"""

from .handover import Handover, HandoverItem
from .ledger import (
    AMOUNT,
    RECEIPT_COUNTER,
    Approval,
    Charge,
    Expense,
    Fund,
    FundSettings,
    Income,
    Levy,
    LevyScopeBuilding,
    Method,
    Payment,
    PaymentConfirmation,
    Reversal,
    Waiver,
    WaiverApproval,
    new_verify_token,
    positive,
)
from .publication import Inquiry, InquiryAnswer, Snapshot, SnapshotCorrection, new_inquiry_token

# Tables the database keeps append-only (their triggers: migrations 0004 and 0013, communities/append_only.py).
APPEND_ONLY_MODELS = (
    Payment,
    Reversal,
    Income,
    Expense,
    Waiver,
    WaiverApproval,
    Approval,
    PaymentConfirmation,
    Snapshot,
    SnapshotCorrection,
    Handover,
    HandoverItem,
)

__all__ = [
    "AMOUNT",
    "APPEND_ONLY_MODELS",
    "RECEIPT_COUNTER",
    "Approval",
    "Charge",
    "Expense",
    "Fund",
    "FundSettings",
    "Handover",
    "HandoverItem",
    "Income",
    "Inquiry",
    "InquiryAnswer",
    "Levy",
    "LevyScopeBuilding",
    "Method",
    "Payment",
    "PaymentConfirmation",
    "Reversal",
    "Snapshot",
    "SnapshotCorrection",
    "Waiver",
    "WaiverApproval",
    "new_inquiry_token",
    "new_verify_token",
    "positive",
]
