"""The growth chart of a community or a compound: partner teams and active partners over time, culture and
service groups as a second line. Server-rendered SVG, no JavaScript; its figures are also a table for screen
readers and for print.

The series are computed by a sweep over dated rows (teams formed and dissolved, partners joined and left): two
queries whatever the number of partners, then one pass in Python (measured with 20,000 partners in
bench/partners.py).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import mark_safe

from .models import PartnerStatus, Team

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 36


@dataclass
class Point:
    month: datetime.date
    governance: int = 0
    groups: int = 0
    partners: int = 0


@dataclass
class Growth:
    points: list[Point] = field(default_factory=list)

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def first_governance(self) -> int:
        """The number of partner teams in the first month that had any (the case: 1)."""
        return next((p.governance for p in self.points if p.governance), 0)


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def _month_end(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def growth(community, compound=None, today: datetime.date | None = None) -> Growth:
    """Month by month, at each month's end: partner teams, culture and service groups, active partners."""
    today = today or timezone.localdate()
    teams = Team.objects.filter(community=community)
    statuses = PartnerStatus.objects.filter(community=community, partner__merged_into__isnull=True)
    if compound is not None:
        teams = teams.filter(compound=compound)
        statuses = statuses.filter(Q(partner__compound=compound))
    team_rows = list(teams.values_list("kind", "formed_on", "dissolved_on"))
    status_rows = list(statuses.order_by("on", "id").values_list("partner_id", "change", "on"))
    starts = [formed for _kind, formed, _end in team_rows] + [on for _p, _c, on in status_rows]
    if not starts:
        return Growth()
    points = []
    state: dict[int, str] = {}
    active = 0
    events = iter(status_rows)
    pending = next(events, None)
    for month in _months(min(starts), today):
        end = min(_month_end(month), today)
        while pending is not None and pending[2] <= end:
            partner, change = pending[0], pending[1]
            was = state.get(partner) == PartnerStatus.Change.JOINED
            state[partner] = change
            active += (change == PartnerStatus.Change.JOINED) - was
            pending = next(events, None)
        alive = [
            kind
            for kind, formed, dissolved in team_rows
            if formed <= end and (dissolved is None or dissolved > end)
        ]
        points.append(
            Point(
                month=month,
                governance=sum(1 for kind in alive if kind == Team.TeamKind.GOVERNANCE),
                groups=sum(1 for kind in alive if kind != Team.TeamKind.GOVERNANCE),
                partners=active,
            )
        )
    return Growth(points)


def _polyline(values: list[int], top: int, x_of) -> str:
    span = max(top, 1)
    inner = HEIGHT - TOP - BOTTOM
    return " ".join(f"{x_of(i):.1f},{TOP + inner - inner * v / span:.1f}" for i, v in enumerate(values))


def svg(data: Growth, title: str) -> str:
    """The chart as inline SVG: teams on the left axis (partner teams, and groups), partners as a thin line on
    its own scale (the right axis). Labels are the first and last month and the last values."""
    if not data.points:
        return ""
    n = len(data.points)
    inner_w = WIDTH - LEFT - RIGHT

    def x_of(i: int) -> float:
        return LEFT + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)

    team_top = max(max(p.governance for p in data.points), max(p.groups for p in data.points), 1)
    partner_top = max(max(p.partners for p in data.points), 1)
    last = data.last
    first_label = data.points[0].month.strftime("%Y-%m")
    last_label = last.month.strftime("%Y-%m")
    parts = [
        f'<svg class="growth" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="growth-title">',
        f'<title id="growth-title">{_escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" class="axis"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" class="axis"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" class="tick">{team_top}</text>',
        f'<text x="{LEFT - 6}" y="{HEIGHT - BOTTOM}" text-anchor="end" class="tick">0</text>',
        f'<text x="{LEFT}" y="{HEIGHT - 12}" class="tick">{first_label}</text>',
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 12}" text-anchor="end" class="tick">{last_label}</text>',
        f'<polyline class="line partners" points="{_polyline([p.partners for p in data.points], partner_top, x_of)}"/>',
        f'<polyline class="line groups" points="{_polyline([p.groups for p in data.points], team_top, x_of)}"/>',
        f'<polyline class="line governance" points="{_polyline([p.governance for p in data.points], team_top, x_of)}"/>',
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - numbers and our own escaped title only


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
