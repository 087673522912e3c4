"""Reads of decisions that services and pages share: the electorate, the valid ballots, the counts and the
result (frozen when closed, running otherwise), decisions for the board and for a household.

The counts of a decision cost two queries whatever the number of households and ballots (bench/decisions.py):
one aggregate over the electorate's households (how many, their area, how many without area) and one over the
valid ballots joined to their households, by choice."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, Q, QuerySet, Sum
from django.utils import timezone

from communities.models import Household

from . import rules
from .models import BALLOT_RULES, Ballot, Decision, DecisionBuilding

AREA = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _area(value) -> Decimal:
    """A summed area as a Decimal of two places (SQLite's sum comes back as it likes)."""
    return Decimal(value or 0).quantize(CENT)


def electorate(decision: Decision) -> QuerySet:
    """All households of the roster the decision counts: its compound, or the buildings chosen (as a levy's
    scope)."""
    scoped = DecisionBuilding.objects.filter(decision_id=decision.pk)
    return Household.objects.filter(
        community_id=decision.community_id, compound_id=decision.compound_id
    ).filter(~Exists(scoped) | Q(building_id__in=scoped.values("building_id")))


def in_electorate(decision: Decision, household: Household) -> bool:
    return electorate(decision).filter(pk=household.pk).exists()


def void_effective() -> Q:
    """A ballot's void takes effect at once for an online ballot, once confirmed for a paper one."""
    return Q(void__isnull=False) & (Q(channel=Ballot.Channel.ONLINE) | Q(void__confirmation__isnull=False))


def valid_ballots(decision: Decision) -> QuerySet:
    return Ballot.objects.filter(community_id=decision.community_id, decision_id=decision.pk).exclude(
        void_effective()
    )


def counts(decision: Decision) -> rules.Counts:
    """The counts now: the tally for rule 1, the electorate and the valid ballots for rules 2 and 3."""
    if decision.rule not in BALLOT_RULES:
        return rules.Counts(
            households_for=decision.tally_for or 0,
            households_against=decision.tally_against or 0,
            households_abstain=decision.tally_abstain or 0,
        )
    total = electorate(decision).aggregate(
        n=Count("id"),
        area=Sum("floor_area", output_field=AREA),
        missing=Count("id", filter=Q(floor_area__isnull=True)),
    )
    by_choice = {}
    for choice in Ballot.Choice.values:
        by_choice[f"n_{choice}"] = Count("id", filter=Q(choice=choice))
        by_choice[f"a_{choice}"] = Sum("household__floor_area", filter=Q(choice=choice), output_field=AREA)
    cast = valid_ballots(decision).aggregate(**by_choice)
    return rules.Counts(
        total_households=total["n"],
        total_area=_area(total["area"]),
        missing_area=total["missing"],
        households_for=cast["n_for"],
        households_against=cast["n_against"],
        households_abstain=cast["n_abstain"],
        area_for=_area(cast["a_for"]),
        area_against=_area(cast["a_against"]),
        area_abstain=_area(cast["a_abstain"]),
    )


def counts_dict(c: rules.Counts) -> dict:
    return {
        "total_households": c.total_households,
        "total_area": str(c.total_area),
        "missing_area": c.missing_area,
        "households_for": c.households_for,
        "households_against": c.households_against,
        "households_abstain": c.households_abstain,
        "households_participating": c.households_participating,
        "area_for": str(c.area_for),
        "area_against": str(c.area_against),
        "area_abstain": str(c.area_abstain),
        "area_participating": str(c.area_participating),
    }


def frozen(decision: Decision) -> dict:
    """What closing freezes into Decision.result."""
    c = counts(decision)
    return {"counts": counts_dict(c), "outcome": rules.evaluate(decision.rule, c).as_dict()}


@dataclass
class Result:
    """A decision's result for a page: `closed` False marks a running count."""

    closed: bool
    passed: bool
    counts: dict
    outcome: dict

    @property
    def rows(self) -> list[dict]:
        return threshold_rows(self)


def result(decision: Decision) -> Result:
    """The frozen result of a closed decision (no query), or the running count of an open one (two queries)."""
    if decision.closed_at is not None and decision.result:
        data = decision.result
        return Result(True, bool(decision.passed), data["counts"], data["outcome"])
    data = frozen(decision)
    return Result(False, bool(data["outcome"]["passed"]), data["counts"], data["outcome"])


def is_open_for_ballots(decision: Decision, now=None) -> bool:
    if decision.closed_at is not None or decision.rule not in BALLOT_RULES or decision.closes_on is None:
        return False
    now = now or timezone.now()
    return decision.opened_at <= now and timezone.localdate(now) <= decision.closes_on


def announced(compound) -> QuerySet:
    """The compound's decisions under rules 2 and 3 (announced on its board), newest first."""
    return Decision.objects.filter(
        community_id=compound.community_id, compound_id=compound.pk, rule__in=BALLOT_RULES
    ).order_by("-opened_at", "-id")


def household_ballot(decision: Decision, household: Household) -> Ballot | None:
    """The household's ballot that counts now (None: it has not voted, or its ballot was voided)."""
    return valid_ballots(decision).filter(household_id=household.pk).order_by("-id").first()


def threshold_rows(res: Result) -> list[dict]:
    """The result's thresholds for a page: what, the figure reached of its base, the bound, met or not (None:
    cannot be decided), in the order participation then agreement, households then area."""
    from django.utils.translation import gettext as _

    labels = {
        ("participation", "households"): _("participation by households"),
        ("participation", "area"): _("participation by floor area"),
        ("agreement", "households"): _("agreement by households"),
        ("agreement", "area"): _("agreement by floor area"),
    }
    if res.outcome["rule"] == rules.SIMPLE:
        labels[("agreement", "households")] = _("agreement of those present")
    bounds = {
        (2, 3, False): _("at least 2/3"),
        (1, 2, True): _("more than 1/2"),
        (3, 4, False): _("at least 3/4"),
    }
    rows = []
    for test in res.outcome["tests"]:
        rows.append(
            {
                "key": f"{test['key']}-{test['by']}",
                "label": labels[(test["key"], test["by"])],
                "by_area": test["by"] == "area",
                "reached": test["reached"],
                "base": test["base"],
                "bound": bounds[(test["num"], test["den"], test["strict"])],
                "met": test["met"],
            }
        )
    return rows
