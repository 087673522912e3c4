"""How a partner is named on a public page: only with their public-naming consent in force, masked (张*) unless
the partners settings say full names, or the partner is an organisation that consented to its full name.

Every list that may reach a public page annotates its partners with `with_naming()` (one subquery, so the
query count does not grow with the partners) and names each through `public_name()`.
"""

from django.db.models import OuterRef, QuerySet, Subquery

from communities.masking import mask_name

from .models import Consent, Partner, PartnersSettings, PartnerStatus


def settings_for(community) -> PartnersSettings:
    """The community's partners settings, or the defaults (unsaved) where it has none: a read never writes."""
    settings = PartnersSettings.objects.filter(community=community).first()
    return settings if settings is not None else PartnersSettings(community=community)


def _latest(purpose: str, field: str) -> Subquery:
    return Subquery(
        Consent.objects.filter(partner=OuterRef("pk"), purpose=purpose)
        .order_by("-created_at", "-id")
        .values(field)[:1]
    )


def latest_change() -> Subquery:
    """The partner's latest joining or leaving ("joined", "left"), for an annotation."""
    return Subquery(
        PartnerStatus.objects.filter(partner=OuterRef("pk")).order_by("-on", "-id").values("change")[:1]
    )


def with_naming(partners: QuerySet[Partner]) -> QuerySet[Partner]:
    """Partners annotated with their public-naming consent in force (`naming_given`, `naming_full`) and their
    latest joining or leaving (`latest_change`)."""
    return partners.annotate(
        naming_given=_latest(Consent.Purpose.PUBLIC_NAMING, "given"),
        naming_full=_latest(Consent.Purpose.PUBLIC_NAMING, "full_name"),
        latest_change=latest_change(),
    )


def public_name(partner: Partner, *, full_names: bool) -> str | None:
    """The partner's name as a public page shows it, or None: not to be shown at all.

    `partner` comes from `with_naming()`; `full_names` is the community's PartnersSettings.public_names_full.
    A partner who left or was merged into another record is not shown.
    """
    if not getattr(partner, "naming_given", False) or partner.merged_into_id:
        return None
    if getattr(partner, "latest_change", None) != PartnerStatus.Change.JOINED:
        return None
    if partner.is_organisation and getattr(partner, "naming_full", False):
        return partner.name
    return partner.name if full_names and not partner.is_organisation else mask_name(partner.name)
