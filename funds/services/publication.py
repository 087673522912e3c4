"""Business operations of the published ledger: residents' questions and their answers, household
confirmations of payments, and 公示 snapshots with their corrections.

Keyword-only functions, one transaction each, a translated DomainError on refusal, an audit entry on success
(like the rest of funds.services). Residents act without an account: their writes carry no actor, and a household proves
itself with its access code (户码).
"""

import hashlib
import json

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Compound, Household
from communities.text import clean_text
from partners.naming import settings_for as partners_settings_for

from ..models import (
    Expense,
    Fund,
    Income,
    Inquiry,
    InquiryAnswer,
    Levy,
    Payment,
    PaymentConfirmation,
    Snapshot,
    SnapshotCorrection,
)
from ..public_queries import expenses_of, incomes_of, ledgers_for, levy_rooms, snapshot_donor
from ..queries import fund_figures, levy_figures_one

INQUIRY_MAX = 1000
ANSWER_MAX = 4000

# --- questions (质询) ---------------------------------------------------------------------------------


@transaction.atomic
def inquiry_submit(
    *,
    compound: Compound,
    text: str,
    levy: Levy | None = None,
    fund: Fund | None = None,
    expense: Expense | None = None,
    contact: str = "",
) -> Inquiry:
    """A resident asks about a ledger (or one of its expenses). Private contact; waits for moderation."""
    text = clean_text(text)
    contact = clean_text(contact)
    if not text:
        raise DomainError(_("Write your question."), field="text")
    if len(text) > INQUIRY_MAX:
        raise DomainError(_("Keep the question under 1000 characters."), field="text")
    if len(contact) > 100:
        raise DomainError(_("Keep the contact under 100 characters."), field="contact")
    if levy is None and fund is None:
        raise DomainError(_("Choose the ledger you ask about."))
    if not ledgers_for(compound).shows(levy=levy, fund=fund if levy is None else None):
        raise DomainError(_("That ledger belongs to another compound."))
    wrong_levy = levy is not None and expense is not None and expense.levy_id != levy.pk
    wrong_fund = fund is not None and expense is not None and expense.fund_id != fund.pk
    if wrong_levy or wrong_fund:
        raise DomainError(_("That line is not in this ledger."), field="expense")
    inquiry = Inquiry.objects.create(
        community_id=compound.community_id,
        compound=compound,
        levy=levy,
        fund=fund if levy is None else None,
        expense=expense,
        text=text,
        contact_private=contact,
    )
    audit_record(
        community=compound.community,
        actor=None,
        action="inquiry.submit",
        target=inquiry,
        changes={"ledger": [None, str(levy or fund)], "contact_private": [None, "***" if contact else ""]},
    )
    return inquiry


@transaction.atomic
def inquiry_moderate(*, inquiry: Inquiry, publish: bool, actor) -> Inquiry:
    """Staff publish a question, or reject it (abusive, personal data, off topic). Decided once."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.state != Inquiry.State.PENDING:
        raise DomainError(_("This question has been moderated already."))
    inquiry.state = Inquiry.State.PUBLISHED if publish else Inquiry.State.REJECTED
    inquiry.moderated_by = actor
    inquiry.moderated_at = timezone.now()
    inquiry.save(update_fields=["state", "moderated_by", "moderated_at"])
    audit_record(
        community=inquiry.community,
        actor=actor,
        action="inquiry.publish" if publish else "inquiry.reject",
        target=inquiry,
        changes={"state": [Inquiry.State.PENDING, inquiry.state]},
    )
    return inquiry


@transaction.atomic
def inquiry_answer(*, inquiry: Inquiry, text: str, actor) -> InquiryAnswer:
    """Staff or the treasurer answer publicly. Answering a question still waiting for moderation publishes it."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    text = clean_text(text)
    if not text:
        raise DomainError(_("Write the answer."), field="text")
    if len(text) > ANSWER_MAX:
        raise DomainError(_("Keep the answer under 4000 characters."), field="text")
    if inquiry.state == Inquiry.State.REJECTED:
        raise DomainError(_("This question was rejected; it cannot be answered publicly."))
    if inquiry.state == Inquiry.State.PENDING:
        inquiry.state = Inquiry.State.PUBLISHED
        inquiry.moderated_by = actor
        inquiry.moderated_at = timezone.now()
        inquiry.save(update_fields=["state", "moderated_by", "moderated_at"])
    answer = InquiryAnswer.objects.create(
        community_id=inquiry.community_id, inquiry=inquiry, text=text, answered_by=actor
    )
    audit_record(
        community=inquiry.community,
        actor=actor,
        action="inquiry.answer",
        target=inquiry,
        changes={"answer": [None, text[:200]]},
    )
    return answer


# --- a household confirms or flags a payment ------------------------------------------------------------


def _payment_of_household(*, household: Household, payment: Payment) -> Payment:
    if payment.household_id != household.pk:
        raise DomainError(_("This payment is not one of your household's."))
    return payment


@transaction.atomic
def payment_confirm(*, household: Household, payment: Payment) -> PaymentConfirmation:
    """The household says: yes, we paid this. A new row; the payment itself never changes.

    `household` is the one the public gate verified by its 户码 (communities.public), never a posted id.
    """
    _payment_of_household(household=household, payment=payment)
    confirmation = PaymentConfirmation.objects.create(
        community_id=payment.community_id, payment=payment, kind=PaymentConfirmation.Kind.CONFIRM
    )
    audit_record(
        community=household.community,
        actor=None,
        action="payment.confirm",
        target=payment,
        changes={"by": [None, "household"]},
    )
    return confirmation


@transaction.atomic
def payment_flag(*, household: Household, payment: Payment, note: str = "") -> PaymentConfirmation:
    """The household says this payment is wrong; the treasurer's dashboard shows it until it is settled."""
    _payment_of_household(household=household, payment=payment)
    note = clean_text(note)
    if not note:
        raise DomainError(_("Say what is wrong, e.g. the amount or the date."), field="note")
    if len(note) > 500:
        raise DomainError(_("Keep it under 500 characters."), field="note")
    flag = PaymentConfirmation.objects.create(
        community_id=payment.community_id, payment=payment, kind=PaymentConfirmation.Kind.FLAG, note=note
    )
    audit_record(
        community=household.community,
        actor=None,
        action="payment.flag",
        target=payment,
        changes={"note": [None, note[:200]]},
    )
    return flag


# --- 公示 snapshots --------------------------------------------------------------------------------------


def _money(value) -> str:
    return f"{value:.2f}"


def _expense_rows(expenses) -> list[dict]:
    return [
        {
            "date": e.spent_on.isoformat(),
            "payee": e.payee,
            "purpose": e.purpose,
            "amount": _money(e.amount),
            "reversed": hasattr(e, "reversal"),
        }
        for e in expenses
    ]


def ledger_content(*, levy: Levy | None = None, fund: Fund | None = None, period: str) -> dict:
    """The canonical content of a ledger as published now: plain strings and numbers only, no names."""
    if levy is not None:
        f = levy_figures_one(levy)
        rooms = levy_rooms(levy, show_names=False)
        return {
            "kind": "levy",
            "title": levy.purpose,
            "compound": levy.compound.name,
            "period": period,
            "amount_per_household": _money(levy.amount),
            "figures": {
                "households_charged": f.households_charged,
                "households_settled": f.households_settled,
                "rate_households": str(f.rate_households) if f.rate_households is not None else "",
                "rate_amount": str(f.rate_amount) if f.rate_amount is not None else "",
                "due": _money(f.due),
                "collected": _money(f.collected),
                "spent": _money(f.spent),
                "balance": _money(f.balance),
            },
            "expenses": _expense_rows(expenses_of(levy=levy)),
            "settled_rooms": [r.label for b in rooms for r in b.rooms if r.settled],
            "unsettled_count": sum(1 for b in rooms for r in b.rooms if not r.settled),
        }
    assert fund is not None
    f = fund_figures([fund])[fund.pk]
    full_names = partners_settings_for(fund.community).public_names_full
    return {
        "kind": "fund",
        "title": fund.name,
        "compound": fund.compound.name if fund.compound_id else "",
        "period": period,
        "figures": {
            "collected": _money(f.collected),
            "income": _money(f.income),
            "transfers_out": _money(f.transfers_out),
            "spent": _money(f.spent),
            "balance": _money(f.balance),
        },
        "income": [
            {
                "date": i.received_on.isoformat(),
                "kind": i.kind,
                **(
                    snapshot_donor(i, full_names=full_names)
                    if i.kind == Income.Kind.DONATION
                    else {"donor": "", "personal": False}
                ),
                "amount": _money(i.amount if i.fund_id == fund.pk else -i.amount),
                "reversed": hasattr(i, "reversal"),
            }
            for i in incomes_of(fund)
        ],
        "expenses": _expense_rows(expenses_of(fund=fund)),
    }


def canonical_json(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(content: dict) -> str:
    """The short check code printed on the notice and shown on the web: 10 hex digits of SHA-256, grouped."""
    digest = hashlib.sha256(canonical_json(content).encode()).hexdigest()[:10].upper()
    return f"{digest[:5]}-{digest[5:]}"


@transaction.atomic
def snapshot_publish(*, actor, period: str, levy: Levy | None = None, fund: Fund | None = None) -> Snapshot:
    """Freeze the ledger as it is now (公示 第N期): period, next version, content and its hash."""
    if (levy is None) == (fund is None):
        raise DomainError(_("Choose one ledger to publish."))
    period = clean_text(period)
    if not period:
        raise DomainError(_("Enter the period, e.g. 2026年11月."), field="period")
    if len(period) > 50:
        raise DomainError(_("Keep the period under 50 characters."), field="period")
    if levy is not None:
        ledger = (
            Levy.objects.select_for_update(of=("self",))
            .select_related("compound", "community")
            .get(pk=levy.pk)
        )
        last = Snapshot.objects.filter(levy=ledger).aggregate(n=Max("version"))["n"] or 0
        compound = ledger.compound
        content = ledger_content(levy=ledger, period=period)
    else:
        ledger = (
            Fund.objects.select_for_update(of=("self",))
            .select_related("compound", "community")
            .get(pk=fund.pk)
        )
        last = Snapshot.objects.filter(fund=ledger, levy__isnull=True).aggregate(n=Max("version"))["n"] or 0
        compound = ledger.compound
        content = ledger_content(fund=ledger, period=period)
    content["version"] = last + 1
    snapshot = Snapshot.objects.create(
        community_id=ledger.community_id,
        compound=compound,
        levy=ledger if levy is not None else None,
        fund=ledger if fund is not None else None,
        period=period,
        version=last + 1,
        short_hash=content_hash(content),
        content=content,
        published_by=actor,
    )
    audit_record(
        community=ledger.community,
        actor=actor,
        action="snapshot.publish",
        target=snapshot,
        changes={"ledger": [None, str(ledger)], "hash": [None, snapshot.short_hash]},
    )
    return snapshot


@transaction.atomic
def snapshot_correct(*, snapshot: Snapshot, text: str, actor) -> SnapshotCorrection:
    """A dated correction shown under a published snapshot; the snapshot itself never changes."""
    text = clean_text(text)
    if not text:
        raise DomainError(_("Write the correction."), field="text")
    if len(text) > 2000:
        raise DomainError(_("Keep the correction under 2000 characters."), field="text")
    correction = SnapshotCorrection.objects.create(
        community_id=snapshot.community_id, snapshot=snapshot, text=text, created_by=actor
    )
    audit_record(
        community=snapshot.community,
        actor=actor,
        action="snapshot.correct",
        target=snapshot,
        changes={"correction": [None, text[:200]]},
    )
    return correction


def snapshot_matches(snapshot: Snapshot) -> bool:
    """Whether the stored content still gives the stored hash (the page shows a warning if not)."""
    return content_hash(snapshot.content) == snapshot.short_hash
