"""Ballots: one valid ballot per household (in the database too), the void and the recast, a paper ballot's void
confirmed by a second person, the voting window, households outside the electorate, unknown rooms."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.errors import DomainError
from needs import decision_queries, services
from needs.models import Ballot, Decision
from tests.factories import BuildingFactory, HouseholdFactory
from tests.needs.meetings_helpers import estate, meeting, open_decision, vote


@pytest.fixture
def voting(world):
    compound, homes = estate(world)
    decision = open_decision(world, meeting_=meeting(world, compound=compound))
    return decision, homes


def test_a_second_ballot_from_a_household_is_refused(world, voting):
    decision, homes = voting
    vote(decision, homes[0], "for")
    with pytest.raises(DomainError, match="1栋1单元101"):
        vote(decision, homes[0], "against")
    with pytest.raises(DomainError):
        services.ballot_paper(decision=decision, room="1栋1单元101", choice="against", actor=world.staff)
    assert decision_queries.counts(decision).households_for == 1
    assert decision_queries.counts(decision).households_against == 0


def test_the_database_refuses_a_second_first_ballot(world, voting):
    decision, homes = voting
    vote(decision, homes[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(
            community=world.home, decision=decision, household=homes[0], choice="against", channel="online"
        )


def test_void_and_recast_of_an_online_ballot(world, voting):
    decision, homes = voting
    first = vote(decision, homes[0], "for")
    with pytest.raises(DomainError):  # staff do not void ballots
        services.ballot_void(ballot=first, reason="投错了", actor=world.staff)
    void = services.ballot_void(ballot=first, reason="投错了", actor=world.admin)
    assert decision_queries.counts(decision).households_participating == 0
    recast = vote(decision, homes[0], "against")
    assert recast.follows == void
    counts = decision_queries.counts(decision)
    assert (counts.households_for, counts.households_against) == (0, 1)
    with pytest.raises(DomainError):
        vote(decision, homes[0], "for")
    # A void is followed by one recast only, in the database too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(
            community=world.home,
            decision=decision,
            household=homes[0],
            choice="for",
            channel="online",
            follows=void,
        )


def test_a_paper_ballots_void_waits_for_a_second_person(world, voting):
    decision, homes = voting
    paper = services.ballot_paper(decision=decision, room="1栋1单元102", choice="for", actor=world.staff)
    assert paper.channel == "paper" and paper.recorded_by == world.staff
    void = services.ballot_void(ballot=paper, reason="房号写错", actor=world.admin)
    # Until confirmed, the paper ballot still counts and no new one is taken.
    assert decision_queries.counts(decision).households_for == 1
    with pytest.raises(DomainError):
        services.ballot_paper(decision=decision, room="1栋1单元102", choice="against", actor=world.staff)
    with pytest.raises(DomainError):
        services.ballot_void_confirm(void=void, actor=world.admin)  # not the one who voided it
    services.ballot_void_confirm(void=void, actor=world.staff)
    assert decision_queries.counts(decision).households_for == 0
    services.ballot_paper(decision=decision, room="1栋1单元102", choice="against", actor=world.staff)
    assert decision_queries.counts(decision).households_against == 1


def test_ballots_only_while_the_window_is_open(world, voting):
    decision, homes = voting
    vote(decision, homes[0])
    # The window's last day still takes ballots ...
    Decision.objects.filter(pk=decision.pk).update(closes_on=timezone.localdate())
    vote(Decision.objects.get(pk=decision.pk), homes[1])
    # ... the day after does not.
    Decision.objects.filter(pk=decision.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(DomainError):
        vote(Decision.objects.get(pk=decision.pk), homes[2])
    closed = services.decision_close(decision=Decision.objects.get(pk=decision.pk), actor=world.staff)
    with pytest.raises(DomainError):
        vote(closed, homes[3])
    assert Ballot.objects.filter(decision=decision).count() == 2


def test_the_window_is_at_least_fifteen_days(world):
    m = meeting(world)
    with pytest.raises(DomainError) as error:
        open_decision(world, meeting_=m, closes_on=timezone.localdate() + datetime.timedelta(days=14))
    assert error.value.field == "closes_on"
    open_decision(world, meeting_=m, closes_on=timezone.localdate() + datetime.timedelta(days=15))


def test_households_outside_the_electorate_are_refused(world):
    compound, homes = estate(world)
    other_building = BuildingFactory(compound=compound, label="2栋")
    outside = HouseholdFactory(compound=compound, building=other_building, room="201")
    decision = open_decision(world, meeting_=meeting(world, compound=compound), buildings=[homes[0].building])
    assert decision_queries.counts(decision).total_households == 10
    with pytest.raises(DomainError, match="2栋"):
        vote(decision, outside)
    with pytest.raises(DomainError):
        vote(decision, world.other_household)
    with pytest.raises(DomainError) as error:
        services.ballot_paper(decision=decision, room="7栋1单元999", choice="for", actor=world.staff)
    assert error.value.field == "room"


def test_a_show_of_hands_takes_no_ballots(world):
    compound, homes = estate(world)
    decision = services.decision_open(
        meeting=meeting(world, compound=compound, kind="bench"),
        motion="夏天晚上跳广场舞到九点",
        rule="simple",
        tally_for=20,
        tally_against=3,
        tally_abstain=1,
        actor=world.staff,
    )
    with pytest.raises(DomainError):
        vote(decision, homes[0])
