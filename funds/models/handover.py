"""Cash handovers: staff collect cash door to door and hand it to the treasurer, who records what they were
given. Both tables are append-only, like the money entries (funds migration 0013); a mistake is not edited.

Kept out of funds/models.py (which imports them at its end, so that Django finds them) to keep that module
under the size limit. Written only by funds.services.handover_record.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from communities.models import TenantModel

from .ledger import AMOUNT, Payment, positive


class Handover(TenantModel):
    """Cash a collector handed over to the treasurer: the amount counted, which is the total of the cash
    payments it covers (its items). Append-only."""

    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("collector")
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    amount = models.DecimalField(_("amount"), **AMOUNT)
    handed_on = models.DateField(_("handed over on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("cash handover")
        verbose_name_plural = _("cash handovers")
        ordering = ["-handed_on", "-id"]
        constraints = [
            positive("amount", "handover_amount_positive"),
            models.CheckConstraint(condition=~Q(collector=F("received_by")), name="handover_second_person"),
        ]

    def __str__(self) -> str:
        return f"{self.handed_on:%Y-%m-%d} {self.amount}"


class HandoverItem(TenantModel):
    """One cash payment a handover covers. A payment is handed over at most once (one-to-one). Append-only."""

    handover = models.ForeignKey(Handover, on_delete=models.PROTECT, related_name="items")
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="handover_item")

    class Meta:
        verbose_name = _("handed-over payment")
        verbose_name_plural = _("handed-over payments")

    def __str__(self) -> str:
        return f"{self.handover} {self.payment}"
