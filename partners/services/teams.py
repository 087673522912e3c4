"""Teams (governance, culture, service) with dated memberships, and assignments of building leaders and cadres."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Building, Community, Compound

from ..models import Assignment, Partner, Team, TeamMembership
from ._common import clean_text, not_in_future, same_community


@transaction.atomic
def team_create(
    *,
    community: Community,
    name: str,
    kind: str,
    formed_on: datetime.date,
    actor,
    compound: Compound | None = None,
    leader: Partner | None = None,
) -> Team:
    same_community(community, compound, leader)
    name = clean_text(name, max_length=100, field="name", required=True, what=_("Enter the team's name."))
    if kind not in Team.TeamKind.values:
        raise DomainError(_("Choose the kind of team."), field="kind")
    formed_on = not_in_future(formed_on, field="formed_on")
    if Team.objects.filter(community=community, name=name).exists():
        raise DomainError(_("There is a team named “%(name)s” already.") % {"name": name}, field="name")
    team = Team.objects.create(
        community=community, compound=compound, name=name, kind=kind, formed_on=formed_on, leader=leader
    )
    if leader is not None:
        TeamMembership.objects.create(community=community, team=team, partner=leader, joined_on=formed_on)
    audit_record(
        community=community,
        actor=actor,
        action="team.create",
        target=team,
        changes={"name": [None, name], "kind": [None, kind], "formed_on": [None, formed_on.isoformat()]},
    )
    return team


@transaction.atomic
def team_member_add(*, team: Team, partner: Partner, joined_on: datetime.date, actor) -> TeamMembership:
    """A partner joins a team on a date (a new row; a return after leaving is another row)."""
    same_community(team.community, partner)
    if partner.merged_into_id:
        partner = Partner.objects.get(pk=partner.merged_into_id)
    joined_on = not_in_future(joined_on, field="joined_on")
    if joined_on < team.formed_on:
        raise DomainError(_("The team was formed later than that."), field="joined_on")
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(
                community_id=team.community_id, team=team, partner=partner, joined_on=joined_on
            )
    except IntegrityError:
        raise DomainError(_("%(name)s is in this team already.") % {"name": partner.name}) from None
    audit_record(
        community=team.community,
        actor=actor,
        action="team.join",
        target=team,
        changes={"partner": [None, partner.name], "joined_on": [None, joined_on.isoformat()]},
    )
    return membership


@transaction.atomic
def team_member_leave(*, membership: TeamMembership, left_on: datetime.date, actor) -> TeamMembership:
    """A member leaves on a date: the row gets its end date once (its joining date never changes)."""
    membership = (
        TeamMembership.objects.select_for_update().select_related("team", "partner").get(pk=membership.pk)
    )
    if membership.left_on is not None:
        raise DomainError(_("This member has left the team already."))
    left_on = not_in_future(left_on, field="left_on")
    if left_on < membership.joined_on:
        raise DomainError(_("They cannot leave before they joined."), field="left_on")
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    audit_record(
        community=membership.team.community,
        actor=actor,
        action="team.leave",
        target=membership.team,
        changes={"partner": [None, membership.partner.name], "left_on": [None, left_on.isoformat()]},
    )
    return membership


@transaction.atomic
def assignment_create(
    *,
    partner: Partner,
    role: str,
    compound: Compound,
    actor,
    building: Building | None = None,
    starts_on: datetime.date | None = None,
) -> Assignment:
    """A building leader (楼栋长, of a building) or a cadre assigned to a compound or a building (包保)."""
    same_community(partner.community, compound, building)
    if role not in Assignment.Role.values:
        raise DomainError(_("Choose building leader or assigned cadre."), field="role")
    if building is not None and building.compound_id != compound.pk:
        raise DomainError(_("That building is in another compound."), field="building")
    if role == Assignment.Role.BUILDING_LEADER and building is None:
        raise DomainError(_("A building leader leads a building: choose it."), field="building")
    starts_on = not_in_future(starts_on or timezone.localdate(), field="starts_on")
    assignment = Assignment.objects.create(
        community_id=partner.community_id,
        partner=partner,
        role=role,
        compound=compound,
        building=building,
        starts_on=starts_on,
    )
    audit_record(
        community=partner.community,
        actor=actor,
        action="assignment.create",
        target=assignment,
        changes={"role": [None, role], "where": [None, f"{compound} {building or ''}".strip()]},
    )
    return assignment


@transaction.atomic
def assignment_end(*, assignment: Assignment, ends_on: datetime.date, actor) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update().select_related("partner__community").get(pk=assignment.pk)
    )
    if assignment.ends_on is not None:
        raise DomainError(_("This assignment has ended already."))
    ends_on = not_in_future(ends_on, field="ends_on")
    if ends_on < assignment.starts_on:
        raise DomainError(_("It cannot end before it started."), field="ends_on")
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    audit_record(
        community=assignment.partner.community,
        actor=actor,
        action="assignment.end",
        target=assignment,
        changes={"ends_on": [None, ends_on.isoformat()]},
    )
    return assignment
