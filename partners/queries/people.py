"""Reads that several partners pages share, in a constant number of queries whatever the number of partners."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from communities.labels import canonical_phone

from ..models import Partner, PartnerStatus, TeamMembership
from ..naming import latest_change


def registry(community, filters: dict) -> QuerySet[Partner]:
    """The community's partners (merged records left out), filtered as the registry's form says, by name."""
    partners = (
        Partner.objects.filter(community=community, merged_into__isnull=True)
        .select_related("compound", "building")
        .annotate(latest_change=latest_change())
        .order_by("name", "id")
    )
    text = (filters.get("q") or "").strip()
    if text:
        phone = canonical_phone(text)
        condition = Q(name__icontains=text)
        digits = "".join(ch for ch in text if ch.isdigit())
        if phone or len(digits) >= 4:
            condition |= Q(mobile__contains=phone or digits)
        partners = partners.filter(condition)
    if filters.get("form"):
        partners = partners.filter(form=filters["form"])
    if filters.get("kind"):
        partners = partners.filter(kind=filters["kind"])
    if filters.get("offer"):
        partners = partners.filter(**{Partner.OFFER_FIELDS[filters["offer"]]: True})
    if filters.get("skill"):
        partners = partners.filter(skill_tags__icontains=filters["skill"].strip())
    if filters.get("compound"):
        partners = partners.filter(compound=filters["compound"])
    if filters.get("team"):
        partners = partners.filter(
            Exists(
                TeamMembership.objects.filter(
                    partner=OuterRef("pk"), team=filters["team"], left_on__isnull=True
                )
            )
        )
    if filters.get("status") == "active":
        partners = partners.filter(latest_change=PartnerStatus.Change.JOINED)
    elif filters.get("status") == "left":
        partners = partners.filter(latest_change=PartnerStatus.Change.LEFT)
    return partners


def active_partners(community) -> QuerySet[Partner]:
    return registry(community, {"status": "active"})
