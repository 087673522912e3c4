"""Decisions (决议, 一事一议): opening one for an agenda item (the motion, the rule, the electorate, the voting
window), the tally of a show of hands (rule 1), closing (the result frozen under the decision's lock; a passed one
makes funds' Approval once, and moves its need), the daily closing of ended windows, and the CCTV decision
recorded before this app (pointing at its existing Approval)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from funds import services as funds_services
from funds.models import Approval

from .. import decision_queries
from ..models import BALLOT_RULES, AgendaItem, Decision, DecisionBuilding, Meeting, Rule, State
from ._common import same_community, text
from .workflow import need_set_status, need_update_add


def notice_days() -> int:
    """Days between announcing a decision under rules 2 or 3 and the end of its window (物业管理条例 Art. 14)."""
    return int(getattr(settings, "HEHUO_DECISION_NOTICE_DAYS", 15))


def _count(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Enter a whole number."), field=field) from None
    if number < 0:
        raise DomainError(_("Votes cannot be negative."), field=field)
    return number


def _cost(value) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        raise TypeError("money is never a float")
    try:
        cost = Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise DomainError(_("Enter an amount."), field="estimated_cost") from None
    if cost < 0:
        raise DomainError(_("The cost cannot be negative."), field="estimated_cost")
    return cost


@transaction.atomic
def decision_open(
    *,
    meeting: Meeting,
    motion: str,
    rule: str,
    actor,
    agenda_item: AgendaItem | None = None,
    compound=None,
    buildings=(),
    closes_on: datetime.date | None = None,
    tally_for=None,
    tally_against=None,
    tally_abstain=None,
    plan: str = "",
    estimated_cost=None,
    responsible_note: str = "",
) -> Decision:
    """Open a decision on one agenda item (one decision per item). Under rules 2 and 3 it is announced on the
    board at once and its window ends at least `notice_days()` later; under rule 1 it carries a tally."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    community = meeting.community
    motion = text(motion, max_length=2000, field="motion", required=True, what=_("Write the motion."))
    if rule not in Rule.values:
        raise DomainError(_("Choose the rule."), field="rule")
    same_community(community, agenda_item, compound, *buildings)
    need = None
    if agenda_item is not None:
        if agenda_item.meeting_id != meeting.pk or agenda_item.dropped:
            raise DomainError(_("Choose an item of this meeting's agenda."), field="agenda_item")
        if Decision.objects.filter(agenda_item=agenda_item).exists():
            raise DomainError(
                _("This item has its decision already: one matter, one decision."), field="agenda_item"
            )
        need = agenda_item.need
    compound = compound or meeting.compound or (need.compound if need else None)
    if compound is None:
        raise DomainError(_("Choose the compound whose households decide."), field="compound")
    if any(b.compound_id != compound.pk for b in buildings):
        raise DomainError(_("Choose buildings of this compound."), field="buildings")
    tally = [
        _count(v, f)
        for v, f in (
            (tally_for, "tally_for"),
            (tally_against, "tally_against"),
            (tally_abstain, "tally_abstain"),
        )
    ]
    now = timezone.now()
    if rule in BALLOT_RULES:
        earliest = timezone.localdate(now) + datetime.timedelta(days=notice_days())
        if closes_on is None:
            raise DomainError(_("Enter the last day of voting."), field="closes_on")
        if closes_on < earliest:
            raise DomainError(
                _(
                    "Voting must stay open at least %(days)s days after the announcement: until %(date)s or later."
                )
                % {"days": notice_days(), "date": f"{earliest:%Y-%m-%d}"},
                field="closes_on",
            )
        tally = [None, None, None]
    else:
        closes_on = None
        buildings = ()
        if any(v is None for v in tally):
            raise DomainError(_("Enter the votes for, against and abstaining."), field="tally_for")
    decision = Decision.objects.create(
        community=community,
        meeting=meeting,
        agenda_item=agenda_item,
        need=need,
        compound=compound,
        motion=motion,
        rule=rule,
        plan=text(plan, max_length=2000, field="plan"),
        estimated_cost=_cost(estimated_cost),
        responsible_note=text(responsible_note, max_length=200, field="responsible_note"),
        tally_for=tally[0],
        tally_against=tally[1],
        tally_abstain=tally[2],
        opened_at=now,
        closes_on=closes_on,
        created_by=actor,
    )
    DecisionBuilding.objects.bulk_create(
        [
            DecisionBuilding(community=community, decision=decision, building=b)
            for b in {b.pk: b for b in buildings}.values()
        ]
    )
    audit_record(
        community=community,
        actor=actor,
        action="decision.open",
        target=decision,
        changes={"rule": [None, rule], "closes_on": [None, str(closes_on or "")]},
    )
    return decision


@transaction.atomic
def decision_tally(*, decision: Decision, actor, tally_for, tally_against, tally_abstain) -> Decision:
    """Correct the tally of a show of hands (rule 1) before the decision closes."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.rule in BALLOT_RULES:
        raise DomainError(_("This decision is counted from ballots, not a tally."))
    if decision.closed_at is not None:
        raise DomainError(_("This decision is closed."))
    values = [
        _count(v, f)
        for v, f in (
            (tally_for, "tally_for"),
            (tally_against, "tally_against"),
            (tally_abstain, "tally_abstain"),
        )
    ]
    if any(v is None for v in values):
        raise DomainError(_("Enter the votes for, against and abstaining."), field="tally_for")
    before = f"{decision.tally_for}/{decision.tally_against}/{decision.tally_abstain}"
    decision.tally_for, decision.tally_against, decision.tally_abstain = values
    decision.save(update_fields=["tally_for", "tally_against", "tally_abstain"])
    audit_record(
        community=decision.community,
        actor=actor,
        action="decision.tally",
        target=decision,
        changes={"votes": [before, "/".join(str(v) for v in values)]},
    )
    return decision


def figures_line(rule: str, counts: dict) -> str:
    """One line of a result's figures, for the Approval's summary and the need's public update."""
    if rule not in BALLOT_RULES:
        return _("Present: %(n)s; for %(for)s, against %(against)s, abstaining %(abstain)s.") % {
            "n": counts["households_participating"],
            "for": counts["households_for"],
            "against": counts["households_against"],
            "abstain": counts["households_abstain"],
        }
    line = _(
        "Electorate: %(total)s households, %(area)s m². Took part: %(part)s households, %(part_area)s m². "
        "For: %(for)s households, %(for_area)s m²; against: %(against)s households, %(against_area)s m²; "
        "abstaining: %(abstain)s households, %(abstain_area)s m²."
    ) % {
        "total": counts["total_households"],
        "area": counts["total_area"],
        "part": counts["households_participating"],
        "part_area": counts["area_participating"],
        "for": counts["households_for"],
        "for_area": counts["area_for"],
        "against": counts["households_against"],
        "against_area": counts["area_against"],
        "abstain": counts["households_abstain"],
        "abstain_area": counts["area_abstain"],
    }
    if counts["missing_area"]:
        line += " " + _("Area cannot be decided: %(n)s households without area.") % {
            "n": counts["missing_area"]
        }
    return line


def need_ready(decision: Decision) -> dict | None:
    """What moving the decision's need to planned takes (plan, cost, who), from the motion or the need; None
    when something is missing."""
    need = decision.need
    plan = decision.plan or need.plan
    cost = decision.estimated_cost if decision.estimated_cost is not None else need.estimated_cost
    note = decision.responsible_note or need.responsible_note
    if not plan or cost is None or not (need.responsible_team_id or need.responsible_partner_id or note):
        return None
    return {
        "plan": plan,
        "estimated_cost": cost,
        "responsible_team": need.responsible_team,
        "responsible_partner": need.responsible_partner,
        "responsible_note": note,
    }


def _move_need(decision: Decision, actor, line: str) -> None:
    need = decision.need
    if need is None:
        return
    need.refresh_from_db()
    if decision.passed:
        ready = need_ready(decision)
        if ready is not None and need.state == State.DELIBERATION:
            need_set_status(
                need=need,
                state=State.PLANNED,
                actor=actor,
                note=_("Decided: %(motion)s") % {"motion": decision.motion},
                **ready,
            )
            return
        need_update_add(
            need=need,
            text_value=_("The decision “%(motion)s” passed. %(figures)s")
            % {"motion": decision.motion, "figures": line},
            public=True,
            actor=actor,
        )
        return
    note = _("The decision “%(motion)s” did not pass. %(figures)s") % {
        "motion": decision.motion,
        "figures": line,
    }
    if need.state == State.DELIBERATION:
        need_set_status(need=need, state=State.COLLECTED, actor=actor, note=note[:2000], public=True)
    else:
        need_update_add(need=need, text_value=note[:2000], public=True, actor=actor)


@transaction.atomic
def decision_close(*, decision: Decision, actor) -> Decision:
    """Close the decision under a lock on it: freeze the result; when passed, record funds' Approval through
    `approval_record` (once: Decision.approval is one-to-one) and move the need to planned when its plan, cost
    and team are there; when failed, send the need back to collected with the result as a public update.
    Closing a closed decision changes nothing."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("meeting", "need", "compound")
        .get(pk=decision.pk)
    )
    if decision.closed_at is not None:
        return decision
    if decision.rule not in BALLOT_RULES and decision.tally_for is None:
        raise DomainError(_("Enter the votes for, against and abstaining."), field="tally_for")
    data = decision_queries.frozen(decision)
    decision.result = data
    decision.passed = bool(data["outcome"]["passed"])
    decision.closed_at = timezone.now()
    decision.closed_by = actor if getattr(actor, "pk", None) else None
    counts = data["counts"]
    line = figures_line(decision.rule, counts)
    if decision.passed and decision.approval_id is None:
        decision.save()  # the id is in the approval's source
        decision.approval = funds_services.approval_record(
            community=decision.community,
            compound=decision.compound,
            meeting_name=decision.meeting.title[:200],
            decided_on=timezone.localdate(),
            actor=actor if getattr(actor, "pk", None) else None,
            votes_for=counts["households_for"],
            votes_against=counts["households_against"],
            votes_abstain=counts["households_abstain"],
            summary=f"{decision.motion}\n{Rule(decision.rule).label}: {line}",
            source=f"needs.decision:{decision.pk}",
        )
    decision.save()
    audit_record(
        community=decision.community,
        actor=actor,
        action="decision.close",
        target=decision,
        changes={"passed": [None, decision.passed]},
    )
    _move_need(decision, actor, line)
    return decision


def decisions_close_ended() -> str:
    """The daily job: close the decisions whose voting window has ended (each in its own transaction)."""
    today = timezone.localdate()
    ended = list(
        Decision.objects.filter(
            closed_at__isnull=True, rule__in=BALLOT_RULES, closes_on__lt=today
        ).values_list("pk", flat=True)
    )
    for pk in ended:
        decision_close(decision=Decision.objects.get(pk=pk), actor=None)
    return f"closed {len(ended)} decisions whose voting ended"


@transaction.atomic
def decision_from_approval(*, approval: Approval, motion: str, actor, need=None) -> Decision:
    """A decision taken before this app recorded meetings (the CCTV): its meeting and tally are the Approval's,
    the decision points at it, closed and passed; the Approval's source stays as it was."""
    if hasattr(approval, "decision"):
        return approval.decision
    if approval.compound is None:
        raise DomainError(_("The approval names no compound."))
    same_community(approval.community, need)
    meeting = Meeting.objects.create(
        community=approval.community,
        compound=approval.compound,
        kind=Meeting.Kind.MONTHLY,
        title=approval.meeting_name,
        held_on=approval.decided_on,
        created_by=actor,
    )
    decision = Decision(
        community=approval.community,
        meeting=meeting,
        need=need,
        compound=approval.compound,
        motion=text(motion, max_length=2000, field="motion", required=True),
        rule=Rule.SIMPLE,
        tally_for=approval.votes_for,
        tally_against=approval.votes_against,
        tally_abstain=approval.votes_abstain,
        opened_at=timezone.make_aware(datetime.datetime.combine(approval.decided_on, datetime.time(19, 0))),
        created_by=actor,
    )
    data = decision_queries.frozen(decision)
    decision.result = data
    decision.passed = bool(data["outcome"]["passed"])
    decision.closed_at = decision.opened_at
    decision.closed_by = actor
    decision.approval = approval
    decision.save()
    audit_record(
        community=approval.community,
        actor=actor,
        action="decision.from_approval",
        target=decision,
        changes={"passed": [None, decision.passed]},
    )
    return decision
