"""The hours reports: counted hours (confirmed, not reversed: `counted_entries`) of one month, per partner, team,
kind and work unit, and the figures of the community home. Each report is one grouped query whatever the number
of entries (tests/partners/test_reports.py counts them); its rows are plain dicts that the page and the export
(communities.spreadsheets) share.

- per team: the hours of the team's members while they were members (the entry's day between joining and
  leaving); a person in two teams counts in both, so the teams' sum may pass the month's total;
- per work unit: the people of each work unit (a sent-down cadre's home unit, 下沉干部's 派出单位) with their
  hours, and the unit's subtotal: what the unit asks the community for.

Measured (bench/volunteering.py, 200,000 entries of 20,000 partners on PostgreSQL): see the module's docstring
there; the month's rows are found through the index (community, date) of HoursEntry.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.utils import timezone

from communities.models import Community

from ..models import Activity, HoursConfirmation, HoursEntry, HoursReversal, Kind, Slot, TeamMembership
from .volunteering import tenths

REPORTS = ("partner", "team", "kind", "work_unit")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(first: datetime.date) -> datetime.date:
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def parse_month(text: str | None) -> datetime.date:
    """'2026-05' -> date(2026, 5, 1); anything else (or nothing) is this month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return month_start(timezone.localdate())


def _month_entries(community, month: datetime.date):
    """The month's counted entries. The same rule as `counted_entries` (confirmed, not reversed), written as
    EXISTS / NOT EXISTS: PostgreSQL then joins the month's confirmations and reversals by hash (a semi- and an
    anti-join) instead of probing the confirmations' index once per entry, as it did for the join that
    `confirmation__isnull=False` makes (measured 16,000 probes a month in bench/volunteering.py)."""
    return HoursEntry.objects.filter(
        Exists(HoursConfirmation.objects.filter(entry=OuterRef("pk"))),
        ~Exists(HoursReversal.objects.filter(entry=OuterRef("pk"))),
        community=community,
        date__gte=month,
        date__lte=month_end(month),
    )


def _finish(rows: list[dict]) -> list[dict]:
    for row in rows:
        row["hours"] = tenths(row["hours"])
    return rows


def partner_rows(community, month: datetime.date):
    """The per-partner report as a values queryset (the page shows it a page at a time): partner_id, name,
    kind, work_unit, times, hours, the most hours first."""
    return (
        _month_entries(community, month)
        .values("partner_id")
        .annotate(
            name=F("partner__name"),
            kind=F("partner__kind"),
            work_unit=F("partner__work_unit"),
            times=Count("id"),
            hours=Sum("hours"),
        )
        .order_by("-hours", "name", "partner_id")
    )


def labelled(rows) -> list[dict]:
    """The rows with `kind_label` and their hours to one decimal place."""
    labels = dict(Kind.choices)
    rows = list(rows)
    for row in rows:
        row["kind_label"] = str(labels.get(row["kind"], ""))
    return _finish(rows)


def by_partner(community, month: datetime.date) -> list[dict]:
    """[{partner_id, name, kind, kind_label, work_unit, times, hours}], the most hours first."""
    return labelled(partner_rows(community, month))


def by_kind(community, month: datetime.date) -> list[dict]:
    """[{kind, label, people, times, hours}] in the order of the kinds."""
    rows = {
        row["kind"]: row
        for row in _month_entries(community, month)
        .values(kind=F("partner__kind"))
        .annotate(people=Count("partner", distinct=True), times=Count("id"), hours=Sum("hours"))
        .order_by()
    }
    labels = dict(Kind.choices)
    ordered = [rows[kind] for kind in labels if kind in rows] + [
        row for kind, row in rows.items() if kind not in labels
    ]
    for row in ordered:
        row["label"] = str(labels.get(row["kind"], row["kind"] or "—"))
    return _finish(ordered)


def by_team(community, month: datetime.date) -> list[dict]:
    """[{team_id, name, people, times, hours}]: members' counted hours on days they were members."""
    first, last = month, month_end(month)
    entry = "partner__hours_entries"
    rows = (
        TeamMembership.objects.filter(
            Q(left_on__isnull=True) | Q(left_on__gte=F(f"{entry}__date")),
            community=community,
            joined_on__lte=F(f"{entry}__date"),
            **{
                f"{entry}__date__gte": first,
                f"{entry}__date__lte": last,
                f"{entry}__confirmation__isnull": False,
                f"{entry}__reversal__isnull": True,
            },
        )
        .values("team_id")
        .annotate(
            name=F("team__name"),
            people=Count("partner", distinct=True),
            times=Count(f"{entry}__id"),
            hours=Sum(f"{entry}__hours"),
        )
        .order_by("-hours", "name")
    )
    return _finish(list(rows))


def work_units(community, month: datetime.date) -> list[dict]:
    """[{unit, people, times, hours}] per work unit (by name), in the order of the names: the report's first
    page (each unit opens to its people, `work_unit_people`). One query."""
    rows = (
        _month_entries(community, month)
        .exclude(partner__work_unit="")
        .values(unit=F("partner__work_unit"))
        .annotate(people=Count("partner", distinct=True), times=Count("id"), hours=Sum("hours"))
        .order_by("unit")
    )
    return _finish(list(rows))


def work_unit_people(community, month: datetime.date, unit: str | None = None) -> list[dict]:
    """[{unit, partner_id, name, kind, kind_label, times, hours}] of one work unit (every unit when None), by
    unit and name. One query."""
    rows = _month_entries(community, month).exclude(partner__work_unit="")
    if unit is not None:
        rows = rows.filter(partner__work_unit=unit)
    rows = list(
        rows.values("partner_id")
        .annotate(
            unit=F("partner__work_unit"),
            name=F("partner__name"),
            kind=F("partner__kind"),
            times=Count("id"),
            hours=Sum("hours"),
        )
        .order_by("unit", "name", "partner_id")
    )
    return labelled(rows)


@dataclass
class WorkUnit:
    name: str
    people: list[dict] = field(default_factory=list)
    times: int = 0
    hours: Decimal = Decimal("0.0")


def by_work_unit(community, month: datetime.date) -> list[WorkUnit]:
    """Each work unit with its people and its subtotal (the export, and what a unit asks for); one query."""
    units: dict[str, WorkUnit] = {}
    for row in work_unit_people(community, month):
        unit = units.setdefault(row["unit"], WorkUnit(row["unit"]))
        unit.people.append(row)
        unit.times += row["times"]
        unit.hours += row["hours"]
    return list(units.values())


def month_totals(community, month: datetime.date) -> dict:
    """The month's counted hours, times and people (active volunteers: a confirmed entry in the month)."""
    row = _month_entries(community, month).aggregate(
        hours=Sum("hours"), times=Count("id"), people=Count("partner", distinct=True)
    )
    return {"hours": tenths(row["hours"]), "times": row["times"], "people": row["people"]}


def _one_row(queryset, **aggregates) -> Subquery:
    """Aggregates over the whole `queryset` as a subquery (grouped by a constant, i.e. not grouped)."""
    grouped = queryset.order_by().annotate(_all=Value(1, IntegerField())).values("_all")
    return Subquery(grouped.annotate(**aggregates).values(*aggregates)[:1])


def home_figures(community) -> dict | None:
    """The community home's volunteering, in one query (the home has a fixed budget of queries): this month's
    counted hours and active volunteers (a confirmed entry this month), and the slots of the coming seven days
    of running activities that still have a place. None while the community has no activity at all."""
    now = timezone.now()
    first = month_start(timezone.localdate())
    month = _month_entries(community, first)
    open_slots = (
        Slot.objects.filter(
            community=community,
            activity__ended_at__isnull=True,
            starts_at__gt=now,
            starts_at__lt=now + datetime.timedelta(days=7),
        )
        .annotate(n_signed=Count("signups"))
        .filter(n_signed__lt=F("capacity"))
    )
    row = (
        Community.objects.filter(pk=community.pk)
        .annotate(
            any_activity=Exists(Activity.objects.filter(community=community)),
            hours=_one_row(month, total=Sum("hours")),
            people=_one_row(month, n=Count("partner", distinct=True)),
            open_slots=_one_row(Slot.objects.filter(pk__in=open_slots.values("pk")), n=Count("pk")),
        )
        .values("any_activity", "hours", "people", "open_slots")
        .first()
    )
    if not row or not row["any_activity"]:
        return None
    return {"hours": tenths(row["hours"]), "people": row["people"] or 0, "open_slots": row["open_slots"] or 0}
