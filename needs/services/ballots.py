"""Ballots (表决票) under rules 2 and 3: a household votes online through the 户码 gate, or staff enter its paper
ballot by room; only while the decision is open, only for households of its electorate, once. A mistake is
corrected by a void (作废) from a community admin; a paper ballot's void takes effect when a second person
confirms it, seeing only the room and the reason. After a void the household may cast one new ballot, which
names the void it follows.

Who voted how is written in the ballot only: the audit log records that a ballot was cast, never its choice."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Household, Membership, Role
from communities.queries import household_search

from .. import decision_queries
from ..models import BALLOT_RULES, Ballot, BallotVoid, BallotVoidConfirmation, Decision
from ._common import text


def _open_decision(decision: Decision) -> Decision:
    """The decision, locked (a close and a ballot at once wait in turn), refused unless it takes ballots now."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.rule not in BALLOT_RULES:
        raise DomainError(_("This decision was taken by a show of hands; it takes no ballots."))
    if decision.closed_at is not None:
        raise DomainError(_("Voting on this decision is closed."))
    if not decision_queries.is_open_for_ballots(decision):
        raise DomainError(
            _("Voting on this decision ended on %(date)s.") % {"date": f"{decision.closes_on:%Y-%m-%d}"}
        )
    return decision


def _is_admin(community, actor) -> bool:
    return Membership.objects.filter(community=community, user=actor, role=Role.ADMIN).exists()


@transaction.atomic
def ballot_cast(
    *, decision: Decision, household: Household, choice: str, channel: str = Ballot.Channel.ONLINE, actor=None
) -> Ballot:
    """The household's ballot. Online: `household` comes from the gate, never a posted id, and `actor` is None.
    Paper: `actor` is the staff member entering it."""
    decision = _open_decision(decision)
    if choice not in Ballot.Choice.values:
        raise DomainError(_("Choose for, against or abstain."), field="choice")
    if channel not in Ballot.Channel.values:
        raise DomainError(_("Choose how the ballot came."), field="channel")
    if channel == Ballot.Channel.PAPER and not getattr(actor, "pk", None):
        raise DomainError(_("A paper ballot is entered by staff."))
    if household.community_id != decision.community_id or not decision_queries.in_electorate(
        decision, household
    ):
        raise DomainError(
            _("%(room)s is not among the households that vote on this decision.") % {"room": household.label},
            field="room",
        )
    previous = (
        Ballot.objects.filter(decision=decision, household=household).select_related("void").order_by("-id")
    )
    follows = None
    last = previous.first()
    if last is not None:
        void = getattr(last, "void", None)
        if void is None:
            raise DomainError(
                _("%(room)s has voted on this decision already; one ballot per household.")
                % {"room": household.label},
                field="room",
            )
        if last.channel == Ballot.Channel.PAPER and not hasattr(void, "confirmation"):
            raise DomainError(
                _("The void of %(room)s's ballot waits for a second person's confirmation.")
                % {"room": household.label},
                field="room",
            )
        follows = void
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                community_id=decision.community_id,
                decision=decision,
                household=household,
                choice=choice,
                channel=channel,
                follows=follows,
                recorded_by=actor if channel == Ballot.Channel.PAPER else None,
            )
    except IntegrityError:
        raise DomainError(
            _("%(room)s has voted on this decision already; one ballot per household.")
            % {"room": household.label},
            field="room",
        ) from None
    audit_record(
        community=decision.community,
        actor=actor,
        action="ballot.cast",
        target=decision,
        changes={"ballot_channel": [None, channel], "household": [None, household.label]},
    )
    return ballot


def household_by_room(decision: Decision, room: str) -> Household:
    """The household of the decision's compound written as 3栋2单元501; a translated error on the field."""
    label = (room or "").strip()
    if not label:
        raise DomainError(_("Enter the room, e.g. 3栋2单元501."), field="room")
    matches = [
        h
        for h in household_search(decision.community, label, by_phone=False)[:5]
        if h.compound_id == decision.compound_id
    ]
    if len(matches) != 1:
        raise DomainError(
            _("No single household of %(compound)s matches “%(label)s”. Write it as 3栋2单元501.")
            % {"compound": decision.compound.name, "label": label},
            field="room",
        )
    return matches[0]


def ballot_paper(*, decision: Decision, room: str, choice: str, actor) -> Ballot:
    """Staff enter a paper ballot by its household's room."""
    return ballot_cast(
        decision=decision,
        household=household_by_room(decision, room),
        choice=choice,
        channel=Ballot.Channel.PAPER,
        actor=actor,
    )


@transaction.atomic
def ballot_void(*, ballot: Ballot, reason: str, actor) -> BallotVoid:
    """A community admin voids a ballot, with the reason. An online ballot's void takes effect at once; a paper
    ballot's once a second person confirms it."""
    ballot = Ballot.objects.select_related("decision").get(pk=ballot.pk)
    _open_decision(ballot.decision)
    if not _is_admin(ballot.community_id, actor):
        raise DomainError(_("Only a community admin voids ballots."))
    reason = text(reason, max_length=300, field="reason", required=True, what=_("Give the reason."))
    if BallotVoid.objects.filter(ballot=ballot).exists():
        raise DomainError(_("This ballot is void already."))
    void = BallotVoid.objects.create(
        community_id=ballot.community_id, ballot=ballot, reason=reason, voided_by=actor
    )
    audit_record(
        community=ballot.decision.community,
        actor=actor,
        action="ballot.void",
        target=ballot.decision,
        changes={"reason": [None, reason]},
    )
    return void


@transaction.atomic
def ballot_void_confirm(*, void: BallotVoid, actor) -> BallotVoidConfirmation:
    """A second person (staff or admin, not who voided it) confirms a paper ballot's void."""
    void = BallotVoid.objects.select_related("ballot__decision").get(pk=void.pk)
    _open_decision(void.ballot.decision)
    if void.ballot.channel != Ballot.Channel.PAPER:
        raise DomainError(_("Only a paper ballot's void needs a confirmation."))
    if void.voided_by_id == getattr(actor, "pk", None):
        raise DomainError(_("A second person confirms the void, not the one who made it."))
    if BallotVoidConfirmation.objects.filter(void=void).exists():
        raise DomainError(_("This void is confirmed already."))
    confirmation = BallotVoidConfirmation.objects.create(
        community_id=void.community_id, void=void, confirmed_by=actor
    )
    audit_record(
        community=void.ballot.decision.community,
        actor=actor,
        action="ballot.void_confirm",
        target=void.ballot.decision,
        changes={"reason": [None, void.reason]},
    )
    return confirmation
