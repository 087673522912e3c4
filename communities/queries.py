"""Reads that several views share."""

import re
import unicodedata

from django.db.models import Count, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .labels import canonical_building, canonical_room, canonical_unit, normalize_text
from .models import Building, Community, Compound, Household
from .text import strip_bidi


def compounds_with_counts(community: Community) -> QuerySet[Compound]:
    """Each compound with its building, household, renovated and occupied counts, in one query."""
    buildings = (
        Building.objects.filter(compound=OuterRef("pk"))
        .order_by()
        .values("compound")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Compound.objects.filter(community=community)
        .annotate(
            building_count=Coalesce(Subquery(buildings), 0),
            household_count=Count("households"),
            renovated_count=Count(
                "households", filter=Q(households__renovation=Household.Renovation.RENOVATED)
            ),
            occupied_count=Count("households", filter=Q(households__occupancy=Household.Occupancy.OCCUPIED)),
        )
        .order_by("name")
    )


def buildings_with_counts(compound: Compound) -> QuerySet[Building]:
    """The compound's buildings with their household and renovated counts, in one query.

    Households are joined on (building, compound), which the natural key (compound, building, unit, room)
    serves; joined on the building alone, no index leads with it and the whole household table was read
    (15 -> 65 ms among 1,000 communities, issue 16)."""
    return (
        Building.objects.filter(compound=compound)
        .annotate(
            in_compound=FilteredRelation("households", condition=Q(households__compound=F("compound"))),
            household_count=Count("in_compound"),
            renovated_count=Count(
                "in_compound", filter=Q(in_compound__renovation=Household.Renovation.RENOVATED)
            ),
        )
        .order_by("sort_key", "label")
    )


def compound_households(compound: Compound) -> QuerySet[Household]:
    """A compound's households with their building, by building and room (the compound page, the slips).

    Buildings are joined within the compound, which (compound, label) serves, and the sort names its columns:
    the model's ordering (by compound, i.e. by community then name) joined the community, and the planner
    hashed every building of the database (2 ms among 1,000 communities, issue 16)."""
    return (
        Household.objects.filter(compound=compound, building__compound=compound)
        .select_related("building")
        .order_by("building__sort_key", "building__label", "unit", "room_sort", "room")
    )


def short_address(query: str) -> str:
    """The short forms typed at a door, written with dashes: '1 1 501', '1/1/501', '1－1－501' -> '1-1-501',
    '1 501' -> '1-501'. Two or three pieces that each hold a digit; anything else ('张 三') comes back as
    normalize_text leaves it."""
    raw = strip_bidi(unicodedata.normalize("NFKC", query)).strip()
    pieces = [piece for piece in re.split(r"[\s\-/—–_.,，、]+", raw) if piece]
    if 2 <= len(pieces) <= 3 and all(re.fullmatch(r"[#\w]*\d[\w]*", piece) for piece in pieces):
        return re.sub(r"(栋|号楼|幢|单元)-", r"\1", "-".join(pieces))
    return normalize_text(query)


def household_search(community: Community, query: str, *, by_phone: bool = True) -> QuerySet[Household]:
    """By room label (3栋2单元501, the short forms 3-2-501 and 3 2 501, 501), head's name or (with
    `by_phone`) phone; by compound, building and room.

    The sort names its columns: the model's ordering (by compound, i.e. by community then name) joined the
    community and hashed every compound of the database (issue 16). Compounds are taken within the community,
    which (community, name) serves."""
    qs = (
        Household.objects.filter(community=community, compound__community=community)
        .select_related("building", "compound")
        .order_by("compound__name", "building__sort_key", "building__label", "unit", "room_sort", "room")
    )
    text = normalize_text(query)
    if not text:
        return qs.none()
    address = short_address(query)
    if address != text:
        # '1 1 501' is a room, not the digits 11501 of a phone number or of room 11501.
        condition = Q(pk__in=[])
    else:
        condition = Q(head_name__icontains=text) | Q(room=canonical_room(text))
        if by_phone:
            condition |= Q(phone__contains=text)
    parts = re.match(r"^(.+?(?:栋|号楼|幢|-))(.+?(?:单元|-))?(\w+?)(?:室|号)?$", address)
    if parts:
        building = canonical_building(parts.group(1).rstrip("-"))
        unit = canonical_unit((parts.group(2) or "").rstrip("-"))
        room = canonical_room(parts.group(3))
        label_q = Q(building__label=building, room=room)
        if unit:
            label_q &= Q(unit=unit)
        condition |= label_q
    return qs.filter(condition)
