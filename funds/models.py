"""Funds: levies with per-household charges, payments, reversals, waivers, income, expenses, approvals,
the published ledger (snapshots) and residents' questions about it.

Money is never edited. The entry tables (see APPEND_ONLY_MODELS) are append-only: the database refuses UPDATE
and DELETE on them (communities/append_only.py; triggers made by migrations 0002 and 0004). What happens to an entry later (it is confirmed,
flagged, approved or reversed) is a new row pointing at it. Every figure is derived from the entries
(funds/queries.py); `manage.py verify_ledgers` re-checks them.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Building, Community, Compound, Household, TenantModel

AMOUNT = {"max_digits": 12, "decimal_places": 2}


def new_verify_token() -> str:
    return secrets.token_urlsafe(12)


def new_inquiry_token() -> str:
    return secrets.token_urlsafe(16)


def positive(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gt": Decimal("0")}), name=name)


class FundSettings(models.Model):
    """Per-community settings of the funds app (kept here, not on communities.Community)."""

    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="fund_settings")
    expense_approval_threshold = models.DecimalField(
        _("expenses above this amount need an approval"),
        default=Decimal("1000.00"),
        help_text=_("An expense above this amount must name the meeting decision that approved it."),
        **AMOUNT,
    )

    class Meta:
        verbose_name = _("fund settings")
        verbose_name_plural = _("fund settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(expense_approval_threshold__gte=Decimal("0")),
                name="fundsettings_threshold_nonneg",
            )
        ]

    def __str__(self) -> str:
        return str(self.community)


class Fund(TenantModel):
    class Kind(models.TextChoices):
        LEVY = "levy", _("levy fund")
        CO_MANAGED = "co_managed", _("co-managed fund")
        HAPPINESS = "happiness", _("happiness fund")
        PROPERTY_FEE = "property_fee", _("property-fee fund")

    # The compound whose ledger this is; empty for a community-wide fund.
    compound = models.ForeignKey(
        Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="funds"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Moved up by each entry of this fund in its transaction (_move_ledger_versions): its public pages' key.
    ledger_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="fund_unique_name")]

    def __str__(self) -> str:
        return self.name


class Approval(TenantModel):
    """The facts of the decision behind a levy or an expense. Append-only.

    Meetings belong to the needs app, which records approvals through funds.services.approval_record; `source`
    names the decision there (e.g. "needs.decision:12"), without a foreign key upwards."""

    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    meeting_name = models.CharField(_("meeting"), max_length=200)
    decided_on = models.DateField(_("date of the decision"))
    votes_for = models.PositiveIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), default=0)
    summary = models.TextField(_("what was decided"), blank=True)
    minutes_photo = models.ImageField(_("photo of the minutes"), upload_to="funds/minutes/", blank=True)
    source = models.CharField(max_length=100, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.decided_on:%Y-%m-%d} {self.meeting_name}"


class Levy(TenantModel):
    """A levy (集资/收费项目): one charge per household in scope; or a recurring property fee by period."""

    class Basis(models.TextChoices):
        PER_HOUSEHOLD = "household", _("per household")
        PER_M2 = "m2", _("per m² of floor area")

    class Recurrence(models.TextChoices):
        ONCE = "once", _("once")
        MONTHLY = "month", _("monthly")
        YEARLY = "year", _("yearly")

    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="levies")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="levies")
    approval = models.ForeignKey(
        Approval, on_delete=models.PROTECT, null=True, blank=True, related_name="levies"
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, default=Basis.PER_HOUSEHOLD)
    # Yuan per household, or per m² of floor area.
    amount = models.DecimalField(_("amount"), **AMOUNT)
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    # The scope, as chosen: no buildings = the whole compound; empty statuses = any status.
    scope_buildings = models.ManyToManyField(Building, blank=True, related_name="+")
    scope_renovation = models.CharField(
        _("renovation"), max_length=20, blank=True, choices=Household.Renovation.choices
    )
    scope_occupancy = models.CharField(
        _("occupancy"), max_length=20, blank=True, choices=Household.Occupancy.choices
    )
    scope_description = models.CharField(_("who pays"), max_length=200, blank=True)
    # Figures of the scope when the levy was created ("256 户 = 201 应缴 + 55 不适用").
    scope_total = models.PositiveIntegerField(default=0, editable=False)
    scope_charged = models.PositiveIntegerField(default=0, editable=False)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # Recurring fees: the first period; periods are generated by property_fee_generate_periods.
    starts_on = models.DateField(_("first period starts"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Moved up by each entry of this levy in its transaction (_move_ledger_versions): its public pages' key.
    ledger_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("levy")
        verbose_name_plural = _("levies")
        ordering = ["-created_at", "-id"]
        constraints = [
            positive("amount", "levy_amount_positive"),
            models.CheckConstraint(
                condition=Q(recurrence="once") | Q(starts_on__isnull=False), name="levy_recurring_has_start"
            ),
        ]

    def __str__(self) -> str:
        return self.purpose

    @property
    def is_open(self) -> bool:
        return self.cancelled_at is None and self.closed_at is None


class Charge(TenantModel):
    """The amount due from one household for one levy (and, for a recurring fee, one period)."""

    levy = models.ForeignKey(Levy, on_delete=models.PROTECT, related_name="charges")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="charges")
    # "" for a one-off levy; "2026-01" (month) or "2026" (year) for a recurring fee.
    period = models.CharField(_("period"), max_length=10, blank=True, default="")
    period_start = models.DateField(null=True, blank=True)
    amount = models.DecimalField(_("amount due"), **AMOUNT)
    # Running totals kept by funds.services with each entry, under this row's lock; `verify_ledgers` derives
    # them anew from the entries. paid = payments − their reversals; waived = approved waivers.
    paid = models.DecimalField(default=Decimal("0.00"), editable=False, **AMOUNT)
    waived = models.DecimalField(default=Decimal("0.00"), editable=False, **AMOUNT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["levy", "household", "period"]
        constraints = [
            models.UniqueConstraint(fields=["levy", "household", "period"], name="charge_one_per_household"),
            positive("amount", "charge_amount_positive"),
            models.CheckConstraint(
                condition=Q(paid__gte=0, waived__gte=0) & Q(amount__gte=F("paid") + F("waived")),
                name="charge_never_overpaid",
            ),
        ]
        indexes = [models.Index(fields=["community", "household"])]

    def __str__(self) -> str:
        return f"{self.levy} {self.period}".strip()


class Method(models.TextChoices):
    CASH = "cash", _("cash")
    WECHAT = "wechat", _("WeChat transfer")
    ALIPAY = "alipay", _("Alipay")
    BANK = "bank", _("bank transfer")


# The name of the receipts' sequence in communities.Counter (taken by funds.services.payment_record).
RECEIPT_COUNTER = "receipt"


class Payment(TenantModel):
    """A payment towards one charge; also its receipt (收据). Append-only."""

    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="payments")
    # Copied from the charge, so ledger sums need no join.
    levy = models.ForeignKey(Levy, on_delete=models.PROTECT, related_name="payments")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), **AMOUNT)
    method = models.CharField(_("paid by"), max_length=10, choices=Method.choices)
    receipt_number = models.PositiveIntegerField(_("receipt number"))
    # One per submitted form: a double-tap on "record" records once.
    idempotency_key = models.CharField(max_length=64)
    # Random, for the receipt's QR code (public receipt check).
    verify_token = models.CharField(max_length=32, unique=True, default=new_verify_token, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            positive("amount", "payment_amount_positive"),
            models.UniqueConstraint(fields=["community", "receipt_number"], name="payment_unique_receipt"),
            models.UniqueConstraint(fields=["community", "idempotency_key"], name="payment_unique_idem"),
            models.CheckConstraint(condition=Q(receipt_number__gt=0), name="payment_receipt_positive"),
        ]
        indexes = [models.Index(fields=["levy", "household"])]

    def __str__(self) -> str:
        return f"No. {self.receipt_number:06d}"


class Waiver(TenantModel):
    """A request to waive (part of) a charge. Effective once a second person approves it. Append-only."""

    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="waivers")
    levy = models.ForeignKey(Levy, on_delete=models.PROTECT, related_name="waivers")
    amount = models.DecimalField(_("amount waived"), **AMOUNT)
    # Never on a public page, masked in the audit log.
    reason_private = models.TextField(_("reason (never public)"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")
        ordering = ["-requested_at", "-id"]
        constraints = [positive("amount", "waiver_amount_positive")]

    def __str__(self) -> str:
        return f"{self.charge} −{self.amount}"


class WaiverApproval(TenantModel):
    """A second person's decision on a waiver, as its own row. Append-only."""

    waiver = models.OneToOneField(Waiver, on_delete=models.PROTECT, related_name="decision")
    approved = models.BooleanField(_("approved"), default=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("waiver approval")
        verbose_name_plural = _("waiver approvals")

    def __str__(self) -> str:
        return f"{self.waiver} {'✓' if self.approved else '✗'}"


class Income(TenantModel):
    """Money into a fund that is no charge: a donation, the community's contribution, a transfer. Append-only."""

    class Kind(models.TextChoices):
        DONATION = "donation", _("donation")
        CONTRIBUTION = "contribution", _("community contribution")
        TRANSFER = "transfer", _("transfer between funds")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="incomes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    # Partners have no models yet: a donor is a name for now ("" = anonymous; empty for other kinds). When
    # the partners app has its registry, a nullable foreign key to partners.Partner joins this name.
    donor_name = models.CharField(_("donor"), max_length=100, blank=True, default="")
    # A transfer takes the money out of this fund (its balance goes down by the amount).
    source_fund = models.ForeignKey(
        Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="transfers_out"
    )
    # The levy a transfer settles (a closed levy's surplus or shortfall).
    levy = models.ForeignKey(Levy, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approval = models.ForeignKey(Approval, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    received_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("income")
        ordering = ["-received_on", "-id"]
        constraints = [
            positive("amount", "income_amount_positive"),
            models.CheckConstraint(
                condition=(Q(kind="transfer") & Q(source_fund__isnull=False) & ~Q(source_fund=F("fund")))
                | (~Q(kind="transfer") & Q(source_fund__isnull=True)),
                name="income_transfer_has_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class Expense(TenantModel):
    """Money out of a fund, with its receipt photo and, above the threshold, its approval. Append-only."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="expenses")
    # The levy the money was raised for, when there is one (shown on the levy's public page).
    levy = models.ForeignKey(Levy, on_delete=models.PROTECT, null=True, blank=True, related_name="expenses")
    approval = models.ForeignKey(
        Approval, on_delete=models.PROTECT, null=True, blank=True, related_name="expenses"
    )
    payee = models.CharField(_("payee"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=200)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    receipt_photo = models.ImageField(_("receipt photo"), upload_to="funds/receipts/", blank=True)
    spent_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-spent_on", "-id"]
        constraints = [positive("amount", "expense_amount_positive")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.amount}"


class Reversal(TenantModel):
    """Corrects a payment, an income or an expense by naming it; at most once, never more than it. Append-only."""

    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    income = models.OneToOneField(
        Income, on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    expense = models.OneToOneField(
        Expense, on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    # The fund (and levy, for a payment) the reversed entry belongs to, copied for ledger sums.
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    levy = models.ForeignKey(Levy, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    amount = models.DecimalField(_("amount"), **AMOUNT)
    reason = models.TextField(_("reason"))
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reversed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reversal")
        verbose_name_plural = _("reversals")
        ordering = ["-reversed_at", "-id"]
        constraints = [
            positive("amount", "reversal_amount_positive"),
            models.CheckConstraint(
                condition=(Q(payment__isnull=False) & Q(income__isnull=True) & Q(expense__isnull=True))
                | (Q(payment__isnull=True) & Q(income__isnull=False) & Q(expense__isnull=True))
                | (Q(payment__isnull=True) & Q(income__isnull=True) & Q(expense__isnull=False)),
                name="reversal_names_one_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('reversal')} {self.original}"

    @property
    def original(self):
        return self.payment or self.income or self.expense


class PaymentConfirmation(TenantModel):
    """A household confirms a payment recorded for it, or flags it as wrong. Append-only."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("confirmed")
        FLAG = "flag", _("flagged as wrong")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="confirmations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # What the household says is wrong; private (staff only).
    note = models.TextField(_("what is wrong"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment confirmation")
        verbose_name_plural = _("payment confirmations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.payment} {self.get_kind_display()}"


class Inquiry(TenantModel):
    """A resident's question (质询) about a ledger line: moderated before it is public."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        PUBLISHED = "published", pgettext_lazy("inquiry", "published")
        REJECTED = "rejected", pgettext_lazy("inquiry", "rejected")

    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="+")
    levy = models.ForeignKey(Levy, on_delete=models.PROTECT, null=True, blank=True, related_name="inquiries")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="inquiries")
    # The ledger line asked about, when there is one.
    expense = models.ForeignKey(Expense, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    income = models.ForeignKey(Income, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField(_("question"), max_length=1000)
    # Private: only staff see it.
    contact_private = models.CharField(_("contact (not published)"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    # The asker's private link to the question and its answer (/q/<token>/); it ends HEHUO_INQUIRY_LINK_DAYS
    # after the last answer (or the rejection), when `manage.py daily` also erases the contact.
    token = models.CharField(max_length=32, unique=True, default=new_inquiry_token, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(levy__isnull=False) | Q(fund__isnull=False), name="inquiry_names_levy_or_fund"
            )
        ]
        indexes = [models.Index(fields=["community", "state"])]

    def __str__(self) -> str:
        return self.text[:50]


class InquiryAnswer(TenantModel):
    """The public answer of staff or the treasurer to a question."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["answered_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class Snapshot(TenantModel):
    """A published ledger (公示): frozen content with a version and a short hash. Append-only."""

    # Empty for a community-wide fund's snapshot: one snapshot, one hash, on every board of the community.
    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    levy = models.ForeignKey(Levy, on_delete=models.PROTECT, null=True, blank=True, related_name="snapshots")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, null=True, blank=True, related_name="snapshots")
    period = models.CharField(_("period"), max_length=50)
    version = models.PositiveIntegerField(_("issue"))
    short_hash = models.CharField(_("check code"), max_length=16)
    content = models.JSONField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("published snapshot")
        verbose_name_plural = _("published snapshots")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(levy__isnull=False) | Q(fund__isnull=False), name="snapshot_names_levy_or_fund"
            ),
            models.UniqueConstraint(
                fields=["levy", "version"], condition=Q(levy__isnull=False), name="snapshot_levy_version"
            ),
            models.UniqueConstraint(
                fields=["fund", "version"],
                condition=Q(levy__isnull=True, fund__isnull=False),
                name="snapshot_fund_version",
            ),
        ]

    @property
    def board_token(self) -> str:
        """The token of the board it is read from: its compound's, or its community's when community-wide."""
        return (self.compound or self.community).public_token

    def __str__(self) -> str:
        return f"{self.period} #{self.version} {self.short_hash}"


class SnapshotCorrection(TenantModel):
    """A dated correction to a published snapshot; the snapshot itself never changes. Append-only."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="corrections")
    text = models.TextField(_("correction"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


# Tables the database keeps append-only (migration 0004 puts their triggers on communities/append_only.py).
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
)
