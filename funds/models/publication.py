"""The published ledger: residents' questions (质询) and their public answers, 公示 snapshots and their dated
corrections. Snapshots and corrections are append-only (funds migrations 0002 and 0004)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Community, Compound, TenantModel

from .ledger import Expense, Fund, Income, Levy, Payment


def new_inquiry_token() -> str:
    return secrets.token_urlsafe(16)


class Inquiry(TenantModel):
    """A resident's question (质询) about a ledger line: moderated before it is public."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", db_index=False
    )  # (community, state) leads with it

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
