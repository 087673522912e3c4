"""What meetings and decisions put on lower pages through communities' named slots, and their daily job and audit
labels (registered from NeedsConfig.ready by `register()`):

- board: the compound's decisions under rules 2 and 3, announced with their motion and voting window, and their
  counts (running, or the result once closed), never who voted how;
- household: behind the 户码, the open decisions the household votes on, with the ballot form (the household
  votes as the owner), or that it has voted;
- staff_household: whether the household voted on each decision, never how;
- nav: meetings.
"""

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities import slots
from communities.models import Compound

from . import decision_queries
from .models import BALLOT_RULES, Ballot, Decision


def _board_context(request, place) -> dict | None:
    if not isinstance(place, Compound):
        return None
    decisions = list(decision_queries.announced(place)[:10])
    if not decisions:
        return None
    rows = [(d, decision_queries.result(d)) for d in decisions]
    return {"rows": rows, "token": place.public_token, "today": timezone.localdate()}


def _board_version(place):
    """Changes with every decision opened or closed, ballot, void and confirmation of the compound's announced
    decisions, and with the date (a window that ended): one query."""
    if not isinstance(place, Compound):
        return ""
    figures = Decision.objects.filter(
        community_id=place.community_id, compound_id=place.pk, rule__in=BALLOT_RULES
    ).aggregate(
        last=Max("opened_at"),
        closed=Max("closed_at"),
        n_ballots=Count("ballots"),
        top_ballot=Max("ballots__id"),
        n_voids=Count("ballots__void"),
        n_confirmed=Count("ballots__void__confirmation"),
    )
    if figures["last"] is None:
        return "none"
    return "-".join(str(v) for v in (*figures.values(), timezone.localdate()))


_VERSION_SQL = """
    SELECT MAX(d.opened_at) AS decisions_opened, MAX(d.closed_at) AS decisions_closed,
           SUM(CASE WHEN d.closes_on < %s THEN 1 ELSE 0 END) AS decisions_ended,
           COUNT(b.id) AS decisions_ballots, MAX(b.id) AS decisions_top_ballot,
           COUNT(v.id) AS decisions_voids, COUNT(c.id) AS decisions_confirmed
    FROM needs_decision d
    LEFT JOIN needs_ballot b ON b.decision_id = d.id
    LEFT JOIN needs_ballotvoid v ON v.ballot_id = b.id
    LEFT JOIN needs_ballotvoidconfirmation c ON c.void_id = v.id
    WHERE d.community_id = %s AND d.compound_id = %s AND d.rule IN (%s, %s)
"""


def _board_version_sql(place):
    """`_board_version` as plain SQL, for the board's one prepared statement of every section's version
    (communities.slots.BoardSection.version_sql): the same figures, with the decisions whose window has ended
    by today (Asia/Shanghai) instead of the date itself, so that the page moves when a window ends."""
    if not isinstance(place, Compound):
        return None
    params = [timezone.localdate(), place.community_id, place.pk, *[str(rule) for rule in BALLOT_RULES]]
    return _VERSION_SQL, params, ["date", "bigint", "bigint", "text", "text"]


def _household_context(request, household) -> dict | None:
    open_ = [
        d
        for d in Decision.objects.filter(
            community_id=household.community_id,
            compound_id=household.compound_id,
            rule__in=BALLOT_RULES,
            closed_at__isnull=True,
        ).order_by("closes_on", "id")
        if decision_queries.is_open_for_ballots(d) and decision_queries.in_electorate(d, household)
    ]
    if not open_:
        return None
    rows = [(d, decision_queries.household_ballot(d, household)) for d in open_]
    return {
        "rows": rows,
        "token": household.compound.public_token,
        "household": household,
        "choices": Ballot.Choice.choices,
    }


def _staff_household_context(request, household) -> dict | None:
    decisions = list(
        Decision.objects.filter(
            community_id=household.community_id, compound_id=household.compound_id, rule__in=BALLOT_RULES
        ).order_by("-opened_at")[:10]
    )
    if not decisions:
        return None
    voted = set(
        Ballot.objects.filter(
            community_id=household.community_id, household=household, decision__in=decisions
        )
        .exclude(decision_queries.void_effective())
        .values_list("decision_id", flat=True)
    )
    return {"rows": [(d, d.pk in voted) for d in decisions], "slug": request.community.slug}


def register() -> None:
    from communities.audit import register_actions, register_fields
    from communities.daily import register_daily

    from .models import Meeting, Rule
    from .services import decisions_close_ended

    slots.register(
        "board",
        slots.BoardSection(
            key="needs.decisions",
            template="needs/meetings/sections/board.html",
            context=_board_context,
            version=_board_version,
            version_sql=_board_version_sql,
            order=6,
        ),
    )
    slots.register(
        "household",
        slots.Section(
            "needs.ballots", "needs/meetings/sections/household.html", _household_context, order=10
        ),
    )
    slots.register(
        "staff_household",
        slots.Section(
            "needs.ballots",
            "needs/meetings/sections/staff_household.html",
            _staff_household_context,
            order=21,
        ),
    )
    slots.register("nav", slots.NavEntry("meetings", _("Meetings"), "needs:meetings", order=13))
    register_daily("needs_decisions", decisions_close_ended)
    register_fields(
        {
            "meeting_kind": _("kind"),
            "held_on": _("date"),
            "head_count": _("how many came"),
            "minutes_photo": _("photo of the minutes"),
            "rule": _("rule"),
            "closes_on": _("voting ends"),
            "votes": _("votes"),
            "passed": _("passed"),
            "ballot_channel": _("how"),
        },
        {
            "meeting_kind": Meeting.Kind.choices,
            "rule": Rule.choices,
            "ballot_channel": Ballot.Channel.choices,
        },
    )
    register_actions(
        {
            "meeting.create": _("recorded a meeting"),
            "meeting.attendance": _("recorded who came to a meeting"),
            "meeting.attendance_remove": _("removed one who came from a meeting"),
            "meeting.minutes": _("saved a meeting's minutes"),
            "agenda.propose": _("proposed a meeting's agenda from the needs under deliberation"),
            "agenda.add": _("added an agenda item"),
            "agenda.drop": _("dropped an agenda item"),
            "agenda.restore": _("took an agenda item back"),
            "decision.open": _("opened a decision"),
            "decision.tally": _("corrected a decision's tally"),
            "decision.close": _("closed a decision"),
            "decision.from_approval": _("recorded a decision from its approval"),
            "ballot.cast": _("recorded a ballot"),
            "ballot.void": _("voided a ballot"),
            "ballot.void_confirm": _("confirmed a ballot's void"),
        }
    )
