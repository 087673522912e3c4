"""Closing a decision: the 10-household compound, closing twice making one Approval with the right counts, the
need moving to planned only with its plan, cost and team, a failed decision sending the need back to collected,
and `manage.py daily` closing ended windows."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from funds.models import Approval
from needs import decision_queries, services
from needs.models import Decision, Need
from tests.needs.helpers import need
from tests.needs.meetings_helpers import estate, meeting, open_decision, vote


def _ten(world, rule="double_majority", **extra):
    compound, homes = estate(world)
    decision = open_decision(world, rule=rule, meeting_=meeting(world, compound=compound), **extra)
    return decision, homes  # homes[:3]: 120 m², homes[3:]: 60 m²


def test_six_small_households_agreeing_pass_by_households_and_fail_by_area(world):
    decision, homes = _ten(world)
    for home in homes[4:]:  # six of the seven 60 m² households
        vote(decision, home, "for")
    for home in homes[:4]:  # the three large ones and one small one
        vote(decision, home, "against")
    running = decision_queries.result(decision)
    assert running.closed is False
    assert running.outcome["by_households"] is True and running.outcome["by_area"] is False
    closed = services.decision_close(decision=decision, actor=world.staff)
    assert closed.passed is False
    assert closed.result["counts"]["area_for"] == "360.00"
    assert closed.result["counts"]["total_area"] == "780.00"
    assert closed.approval is None
    assert not Approval.objects.filter(source=f"needs.decision:{decision.pk}").exists()


def test_closing_twice_makes_one_approval_with_the_counts(world):
    decision, homes = _ten(world)
    for home in homes[:8]:
        vote(decision, home, "for")
    vote(decision, homes[8], "against")
    vote(decision, homes[9], "abstain")
    closed = services.decision_close(decision=decision, actor=world.staff)
    again = services.decision_close(decision=Decision.objects.get(pk=decision.pk), actor=world.admin)
    approvals = Approval.objects.filter(source=f"needs.decision:{decision.pk}")
    assert approvals.count() == 1
    approval = approvals.get()
    assert again.approval_id == closed.approval_id == approval.pk
    assert (approval.votes_for, approval.votes_against, approval.votes_abstain) == (8, 1, 1)
    assert approval.compound == decision.compound
    assert "安装监控" in approval.summary and "780.00" in approval.summary and "660.00" in approval.summary
    # The frozen result does not move with a later roster change.
    homes[0].floor_area = Decimal("500")
    homes[0].save()
    assert decision_queries.result(Decision.objects.get(pk=decision.pk)).counts["total_area"] == "780.00"


def test_missing_area_is_said_and_the_decision_cannot_pass(world):
    compound, homes = estate(world, areas=[100, 100, None])
    decision = open_decision(world, meeting_=meeting(world, compound=compound))
    for home in homes:
        vote(decision, home, "for")
    closed = services.decision_close(decision=decision, actor=world.staff)
    assert closed.passed is False
    assert closed.result["outcome"]["by_households"] is True
    assert closed.result["outcome"]["by_area"] is None
    assert closed.result["counts"]["missing_area"] == 1


def _deliberated(world, compound, **fields):
    n = need(world, title="装监控", compound=compound)
    services.need_set_status(need=n, state="deliberation", actor=world.staff)
    if fields:
        Need.objects.filter(pk=n.pk).update(**fields)
    return Need.objects.get(pk=n.pk)


def _decide(world, n, compound, homes, agree: bool, **extra):
    m = meeting(world, compound=compound)
    item = m.agenda.get(need=n)
    decision = open_decision(world, meeting_=m, item=item, **extra)
    for home in homes:
        vote(decision, home, "for" if agree else "against")
    return services.decision_close(decision=decision, actor=world.staff)


def test_a_passed_decision_moves_the_need_to_planned_with_plan_cost_and_team(world):
    compound, homes = estate(world)
    n = _deliberated(world, compound)
    _decide(
        world,
        n,
        compound,
        homes,
        True,
        plan="装8个摄像头",
        estimated_cost="10050.00",
        responsible_note="物业小组",
    )
    n.refresh_from_db()
    assert n.state == "planned"
    assert n.plan == "装8个摄像头" and n.estimated_cost == Decimal("10050.00")


def test_a_passed_decision_without_a_cost_leaves_the_need_and_asks(world):
    compound, homes = estate(world)
    n = _deliberated(world, compound)
    decision = _decide(world, n, compound, homes, True, plan="装8个摄像头", responsible_note="物业小组")
    n.refresh_from_db()
    assert decision.passed and n.state == "deliberation"
    assert services.decisions.need_ready(decision) is None
    assert n.updates.filter(public=True, text__contains="安装监控").exists()


def test_a_failed_decision_returns_the_need_to_collected_with_a_public_update(world):
    compound, homes = estate(world)
    n = _deliberated(world, compound)
    _decide(world, n, compound, homes, False)
    n.refresh_from_db()
    assert n.state == "collected"
    update = n.updates.filter(to_state="collected").get()
    assert update.public and "780.00" in update.text


def test_the_daily_job_closes_decisions_whose_window_ended(world, capsys):
    decision, homes = _ten(world)
    for home in homes:
        vote(decision, home, "for")
    Decision.objects.filter(pk=decision.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    call_command("daily")
    decision.refresh_from_db()
    assert decision.closed_at is not None and decision.passed is True
    assert decision.approval is not None
    assert "closed 1 decisions" in capsys.readouterr().out
    call_command("daily")
    assert Approval.objects.filter(source=f"needs.decision:{decision.pk}").count() == 1


def test_a_show_of_hands_closes_on_its_tally(world):
    m = meeting(world, kind="bench")
    decision = services.decision_open(
        meeting=m,
        motion="周末清理楼道",
        rule="simple",
        tally_for=20,
        tally_against=3,
        tally_abstain=1,
        actor=world.staff,
    )
    closed = services.decision_close(decision=decision, actor=world.staff)
    assert closed.passed is True
    assert (closed.approval.votes_for, closed.approval.votes_against, closed.approval.votes_abstain) == (
        20,
        3,
        1,
    )


@pytest.mark.parametrize("rule", ["double_majority", "three_quarters"])
def test_a_closed_decision_says_each_threshold(world, rule):
    decision, homes = _ten(world, rule=rule)
    for home in homes[:6]:
        vote(decision, home, "for")
    closed = services.decision_close(decision=decision, actor=world.staff)
    tests = closed.result["outcome"]["tests"]
    assert [(t["key"], t["by"], t["met"]) for t in tests] == [
        ("participation", "households", False),
        ("agreement", "households", True),
        ("participation", "area", True),
        ("agreement", "area", True),
    ]
    assert closed.passed is False
