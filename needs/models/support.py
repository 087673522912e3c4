"""Support for a need: residents' "me too" (我也需要), partners' pledges (认领) and deliveries (兑现), and the
households a matter has reached (coverage, 已通气 141/141 户)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Household, TenantModel

from .choices import SupportKind
from .need import AMOUNT, Need


class MeToo(TenantModel):
    """A "me too" on a published need: one per household (through the 户码 gate), or one per browser that has not
    passed the gate. A browser's row that later passes the gate takes its household, so it counts once. Taking
    it back deletes the row (the count is the rows)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="metoos")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The hash of the browser's own random mark (a cookie), "" for a row added on a shared phone's gate.
    browser = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("me too")
        verbose_name_plural = _("me toos")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "household"],
                condition=Q(household__isnull=False),
                name="metoo_one_per_household",
            ),
            models.UniqueConstraint(
                fields=["need", "browser"], condition=~Q(browser=""), name="metoo_one_per_browser"
            ),
            models.CheckConstraint(
                condition=Q(household__isnull=False) | ~Q(browser=""), name="metoo_household_or_browser"
            ),
        ]
        indexes = [models.Index(fields=["community", "need"], name="metoo_community_need")]


class Pledge(TenantModel):
    """A partner's pledge to a need: money (an amount), materials (item, quantity, estimated value), labour
    (hours) or a space. `note_private` stays on the staff pages."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="pledges")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="pledges")
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **AMOUNT)
    item = models.CharField(_("item"), max_length=100, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=20, blank=True)
    estimated_value = models.DecimalField(_("estimated value"), null=True, blank=True, **AMOUNT)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, null=True, blank=True)
    description = models.CharField(_("what (public)"), max_length=200, blank=True)
    note_private = models.TextField(_("private note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="money") | Q(amount__gt=0), name="pledge_money_has_amount"
            ),
            models.CheckConstraint(
                condition=~Q(kind="labour") | Q(hours__gt=0), name="pledge_labour_has_hours"
            ),
            models.CheckConstraint(
                condition=~Q(kind="materials") | ~Q(item=""), name="pledge_materials_has_item"
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="pledge_value_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "need"], name="pledge_community_need"),
            models.Index(fields=["community", "partner"], name="pledge_community_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.partner}"


class Delivery(TenantModel):
    """What a pledge delivered. Money is a donation in a fund's ledger (funds' Income naming the partner), one
    delivery per income line; labour is a person's hours (partners' HoursEntry: a check-in already recorded, or
    hours recorded with the delivery), one delivery per entry so no work counts twice, delivered once the hours
    are confirmed and not reversed; materials and a space carry their quantity and estimated value."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="deliveries")
    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="deliveries")
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    income = models.OneToOneField(
        "funds.Income", on_delete=models.PROTECT, null=True, blank=True, related_name="need_delivery"
    )
    hours_entry = models.OneToOneField(
        "partners.HoursEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="need_delivery"
    )
    amount = models.DecimalField(_("amount"), null=True, blank=True, **AMOUNT)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, null=True, blank=True)
    estimated_value = models.DecimalField(_("estimated value"), null=True, blank=True, **AMOUNT)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, null=True, blank=True)
    delivered_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["delivered_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "idempotency_key"], name="delivery_unique_idem"),
            models.CheckConstraint(
                condition=(Q(kind="money") & Q(income__isnull=False) & Q(amount__gt=0))
                | (~Q(kind="money") & Q(income__isnull=True)),
                name="delivery_money_is_an_income_line",
            ),
            models.CheckConstraint(
                condition=(Q(kind="labour") & Q(hours_entry__isnull=False))
                | (~Q(kind="labour") & Q(hours_entry__isnull=True)),
                name="delivery_labour_is_an_hours_entry",
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="delivery_value_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["community", "need"], name="delivery_community_need")]


class CoverageMark(TenantModel):
    """One household a matter reached (gas connected, a charging point installed). Unticking deletes the mark,
    audited; the coverage is the count of marks."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="coverage")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household reached")
        verbose_name_plural = _("households reached")
        constraints = [
            models.UniqueConstraint(fields=["need", "household"], name="coverage_one_per_household"),
        ]
        indexes = [models.Index(fields=["community", "need"], name="coverage_community_need")]
