"""Money into and out of a fund that is no payment of a charge: income (donations, grants, transfers from
another fund) and expenses with their receipt photos, and the reversals that correct them."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.money import format_yuan
from communities.photos import clean_photo
from communities.text import clean_text

from ..models import Approval, Expense, Fund, Income, Levy, Reversal
from ..queries import fund_balance, fund_settings_for
from ._common import _amount, _lock_fund, _move_ledger_versions, _moved_on, _same_community


@transaction.atomic
def income_record(
    *,
    fund: Fund,
    kind: str,
    amount,
    received_on: datetime.date,
    actor,
    donor_name: str = "",
    donor_partner=None,
    source_fund: Fund | None = None,
    approval: Approval | None = None,
    note: str = "",
) -> Income:
    """Money into a fund that is no charge. A donation names its donor: a registered partner (shown publicly by
    their own consent), or a name typed by staff ("" = anonymous)."""
    donor_name, note = clean_text(donor_name), clean_text(note)
    amount = _amount(amount)
    received_on = _moved_on(received_on, "received_on")
    if kind not in Income.Kind.values:
        raise DomainError(_("Choose the kind of income."), field="kind")
    community = fund.community
    _same_community(community, source_fund, approval, donor_partner)
    if kind == Income.Kind.TRANSFER:
        if source_fund is None or source_fund.pk == fund.pk:
            raise DomainError(_("Choose another fund to transfer from."), field="source_fund")
        locked = _lock_fund(source_fund)
        if amount > fund_balance(locked):
            raise DomainError(
                _("%(fund)s holds less than %(amount)s.")
                % {"fund": source_fund.name, "amount": format_yuan(amount)},
                field="amount",
            )
    else:
        source_fund = None
    if kind != Income.Kind.DONATION:
        donor_name, donor_partner = "", None
    if donor_partner is not None:
        if donor_partner.merged_into_id:
            donor_partner = donor_partner.merged_into
        donor_name = donor_partner.name
    income = Income.objects.create(
        community=community,
        fund=fund,
        kind=kind,
        amount=amount,
        donor_name=donor_name,
        donor_partner=donor_partner,
        source_fund=source_fund,
        approval=approval,
        received_on=received_on,
        note=note,
        recorded_by=actor,
    )
    _move_ledger_versions(funds=[fund, source_fund])
    audit_record(
        community=community,
        actor=actor,
        action="income.record",
        target=income,
        changes={"amount": [None, str(amount)], "kind": [None, kind], "fund": [None, fund.name]},
    )
    return income


@transaction.atomic
def income_reverse(*, income: Income, reason: str, actor) -> Reversal:
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_("Enter the reason."), field="reason")
    fund = _lock_fund(income.fund)
    if Reversal.objects.filter(income=income).exists():
        raise DomainError(_("This entry has been reversed already."))
    if income.amount > fund_balance(fund):
        raise DomainError(_("The fund holds less than this; the money has been spent."))
    reversal = Reversal.objects.create(
        community_id=income.community_id,
        income=income,
        fund=income.fund,
        amount=income.amount,
        reason=reason,
        reversed_by=actor,
    )
    _move_ledger_versions(funds=[income.fund, income.source_fund])
    audit_record(
        community=income.fund.community,
        actor=actor,
        action="income.reverse",
        target=income,
        changes={"amount": [None, str(income.amount)], "reason": [None, reason]},
    )
    return reversal


@transaction.atomic
def expense_record(
    *,
    fund: Fund,
    payee: str,
    purpose: str,
    amount,
    spent_on: datetime.date,
    actor,
    receipt_photo=None,
    approval: Approval | None = None,
    levy: Levy | None = None,
) -> Expense:
    """Money out of a fund. Above the community's threshold it must name its approval."""
    amount = _amount(amount)
    spent_on = _moved_on(spent_on, "spent_on")
    community = fund.community
    _same_community(community, approval, levy)
    payee, purpose = clean_text(payee), clean_text(purpose)
    if not payee:
        raise DomainError(_("Enter who was paid."), field="payee")
    if not purpose:
        raise DomainError(_("Enter what it was for."), field="purpose")
    if levy is not None and levy.fund_id != fund.pk:
        raise DomainError(_("The levy's money is in another fund."), field="levy")
    threshold = fund_settings_for(community).expense_approval_threshold
    if approval is None and amount > threshold:
        raise DomainError(
            _("Expenses above %(threshold)s need the approval of a meeting.")
            % {"threshold": format_yuan(threshold)},
            field="approval",
        )
    locked = _lock_fund(fund)
    balance = fund_balance(locked)
    if amount > balance:
        raise DomainError(
            _("The fund holds only %(balance)s.") % {"balance": format_yuan(balance)}, field="amount"
        )
    expense = Expense(
        community=community,
        fund=fund,
        levy=levy,
        approval=approval,
        payee=payee,
        purpose=purpose,
        amount=amount,
        spent_on=spent_on,
        recorded_by=actor,
    )
    if receipt_photo is not None:
        expense.receipt_photo.save(
            "receipt.jpg", clean_photo(receipt_photo, name="receipt_photo"), save=False
        )
    expense.save()
    _move_ledger_versions(levy=levy, funds=[fund])
    audit_record(
        community=community,
        actor=actor,
        action="expense.record",
        target=expense,
        changes={"amount": [None, str(amount)], "payee": [None, payee], "purpose": [None, purpose]},
    )
    return expense


@transaction.atomic
def expense_reverse(*, expense: Expense, reason: str, actor) -> Reversal:
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_("Enter the reason."), field="reason")
    _lock_fund(expense.fund)
    if Reversal.objects.filter(expense=expense).exists():
        raise DomainError(_("This entry has been reversed already."))
    reversal = Reversal.objects.create(
        community_id=expense.community_id,
        expense=expense,
        fund=expense.fund,
        levy=expense.levy,
        amount=expense.amount,
        reason=reason,
        reversed_by=actor,
    )
    _move_ledger_versions(levy=expense.levy, funds=[expense.fund])
    audit_record(
        community=expense.fund.community,
        actor=actor,
        action="expense.reverse",
        target=expense,
        changes={"amount": [None, str(expense.amount)], "reason": [None, reason]},
    )
    return reversal
