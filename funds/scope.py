"""Which households a levy charges: its scope (a compound, some of its buildings, a renovation and an
occupancy status), counted before the levy is created.

A roster imported without a renovation column records every household as not renovated, and a levy "for
renovated households" then charges no one, quietly. So the service refuses a scope of no household, saying
which condition left none (`scope_refusal`), and the levy form asks again before saving a scope under a tenth
of the compound (`SMALL_SCOPE`).
"""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from communities.models import Compound, Household

# A scope under this share of the compound's households is questioned once before it is saved.
SMALL_SCOPE = Fraction(1, 10)


def scope_households(*, compound_id: int, building_ids=(), renovation: str = "", occupancy: str = ""):
    """The households of a compound in this scope (no building chosen: the whole compound)."""
    households = Household.objects.filter(compound_id=compound_id)
    if building_ids:
        households = households.filter(building_id__in=list(building_ids))
    if renovation:
        households = households.filter(renovation=renovation)
    if occupancy:
        households = households.filter(occupancy=occupancy)
    return households


@dataclass(frozen=True)
class ScopeCounts:
    """The households of the compound, of the chosen buildings, of those with the renovation status, and in
    the whole scope (also with the occupancy status): each condition narrows the one before."""

    total: int
    in_buildings: int
    renovation: int
    charged: int

    @property
    def small(self) -> bool:
        return self.charged > 0 and Fraction(self.charged, self.total) < SMALL_SCOPE


def scope_counts(
    *, compound: Compound, buildings=(), renovation: str = "", occupancy: str = ""
) -> ScopeCounts:
    """The counts of a scope in one query."""
    building_ids = [b.pk for b in buildings]
    in_buildings = Q(building_id__in=building_ids) if building_ids else Q()
    with_renovation = in_buildings & (Q(renovation=renovation) if renovation else Q())
    charged = with_renovation & (Q(occupancy=occupancy) if occupancy else Q())
    # (The aliases must not be field names: Q(renovation=...) would read an alias "renovation".)
    counts = Household.objects.filter(compound=compound).aggregate(
        n_total=Count("pk"),
        n_buildings=Count("pk", filter=in_buildings),
        n_renovation=Count("pk", filter=with_renovation),
        n_charged=Count("pk", filter=charged),
    )
    return ScopeCounts(
        total=counts["n_total"],
        in_buildings=counts["n_buildings"],
        renovation=counts["n_renovation"],
        charged=counts["n_charged"],
    )


def scope_refusal(
    counts: ScopeCounts, *, compound: Compound, renovation: str = "", occupancy: str = ""
) -> tuple[str, str] | None:
    """Why a scope charges no household, as (the form field to fix, a sentence with the counts); None when it
    charges some."""
    if counts.charged:
        return None
    if not counts.total:
        return "compound", _("%(compound)s has no households yet. Import its roster first.") % {
            "compound": compound.name
        }
    if not counts.in_buildings:
        return "buildings", _("The chosen buildings of %(compound)s have no households.") % {
            "compound": compound.name
        }
    if not counts.renovation:
        status = Household.Renovation(renovation).label
        return "renovation", _(
            "None of the %(count)s households in scope is %(status)s, so this levy would charge no one. "
            "Check the renovation status in the roster (a roster imported without a renovation column "
            "records every household as not renovated), or choose “any”."
        ) % {"count": counts.in_buildings, "status": status}
    status = Household.Occupancy(occupancy).label
    return "occupancy", _(
        "None of the %(count)s households in scope is %(status)s, so this levy would charge no one. "
        "Choose another occupancy, or “any”."
    ) % {"count": counts.renovation, "status": status}


def small_scope_warning(counts: ScopeCounts, *, compound: Compound) -> str:
    return _(
        "This levy charges only %(charged)s of the %(total)s households of %(compound)s (under a tenth). "
        "If that is what you mean, tick “save anyway” and save again; otherwise widen the scope."
    ) % {"charged": counts.charged, "total": counts.total, "compound": compound.name}
