"""The ledger: funds, levies with per-household charges, payments, reversals, waivers, income, expenses,
approvals, and households' confirmations of payments."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Building, Community, Compound, Household, TenantModel
from communities.uploads import RandomName, private_storage

AMOUNT = {"max_digits": 12, "decimal_places": 2}


def new_verify_token() -> str:
    return secrets.token_urlsafe(12)


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
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (community, name) leads with it

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
    # Staff only: in the private storage, read through communities:private_file.
    minutes_photo = models.ImageField(
        _("photo of the minutes"),
        upload_to=RandomName("funds/minutes"),
        storage=private_storage,
        blank=True,
    )
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
    scope_buildings = models.ManyToManyField(
        Building, blank=True, related_name="+", through="LevyScopeBuilding"
    )
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


class LevyScopeBuilding(TenantModel):
    """One building of a levy's scope (the table behind Levy.scope_buildings). Its own model only so that it
    carries `community_id` like every tenant row (docs/scaling.md): add buildings with
    `levy.scope_buildings.set(buildings, through_defaults={"community": levy.community})`."""

    levy = models.ForeignKey(Levy, on_delete=models.CASCADE, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "funds_levy_scope_buildings"  # the table Django made for the many-to-many field
        unique_together = [("levy", "building")]
        verbose_name = _("building in scope")
        verbose_name_plural = _("buildings in scope")

    def __str__(self) -> str:
        return f"{self.levy_id}:{self.building_id}"


class Charge(TenantModel):
    """The amount due from one household for one levy (and, for a recurring fee, one period)."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (community, household) leads with it

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

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (community, receipt_number) leads with it

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
    # The date the money moved (back-dated for paper receipts entered later, never in the future); recorded_at
    # is the audit time. paper_receipt_no: the paper receipt already handed over, unique among payments not
    # reversed (funds.services.payment_record).
    paid_on = models.DateField(_("date paid"), default=timezone.localdate)
    paper_receipt_no = models.CharField(_("paper receipt number"), max_length=20, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-receipt_number"]
        constraints = [
            positive("amount", "payment_amount_positive"),
            models.UniqueConstraint(fields=["community", "receipt_number"], name="payment_unique_receipt"),
            models.UniqueConstraint(fields=["community", "idempotency_key"], name="payment_unique_idem"),
            models.CheckConstraint(condition=Q(receipt_number__gt=0), name="payment_receipt_positive"),
        ]
        indexes = [
            models.Index(fields=["levy", "household"]),
            models.Index(fields=["community", "-paid_on"], name="payment_paid_on"),
            models.Index(
                fields=["community", "paper_receipt_no"],
                condition=~Q(paper_receipt_no=""),
                name="payment_paper_receipt",
            ),
        ]

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
    # A donation from a registered partner (new donations; older rows keep only their text). Shown publicly
    # through the partner's own public-naming consent (partners.naming), never a person's name in a snapshot.
    donor_partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("donor (partner)"),
    )
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
    # Public on the published ledger (the default storage), under a random name.
    receipt_photo = models.ImageField(_("receipt photo"), upload_to=RandomName("funds/receipts"), blank=True)
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
