"""The workflow of a need: triage, the states and what each needs, reopening, merging, updates."""

from decimal import Decimal

import pytest

from communities.errors import DomainError
from communities.models import AuditEntry
from needs import services
from needs.models import MeToo, Need, NeedUpdate, Quadrant, State
from tests.factories import HouseholdFactory

from .helpers import need, photo


def test_triage_places_a_need_in_its_quadrant_with_a_public_rationale(world):
    n = need(world)
    for urgent, important, quadrant in [
        (True, True, Quadrant.ACT_NOW),
        (True, False, Quadrant.QUICK_WIN),
        (False, True, Quadrant.SCHEDULE),
        (False, False, Quadrant.WATCH),
    ]:
        n = services.need_triage(
            need=n, urgent=urgent, important=important, rationale="夜里看不见台阶", actor=world.staff
        )
        assert n.quadrant == quadrant
    assert NeedUpdate.objects.filter(need=n, public=True).count() == 4
    with pytest.raises(DomainError) as refused:
        services.need_triage(need=n, urgent=True, important=True, rationale="  ", actor=world.staff)
    assert refused.value.field == "rationale"


def test_no_declined_without_a_public_reason(world):
    n = need(world)
    with pytest.raises(DomainError) as refused:
        services.need_set_status(need=n, state=State.DECLINED, actor=world.staff)
    assert refused.value.field == "reason"
    n.refresh_from_db()
    assert n.state == State.COLLECTED
    n = services.need_set_status(
        need=n, state=State.DECLINED, reason="属于市政管网，已转交", actor=world.staff
    )
    assert n.state == State.DECLINED and n.decline_reason == "属于市政管网，已转交"
    update = NeedUpdate.objects.filter(need=n).first()
    assert update.public and "属于市政管网" in update.text


def test_no_done_without_a_result_and_after_photos(world):
    n = need(world)
    services.need_set_status(need=n, state=State.DELIBERATION, actor=world.staff)
    with pytest.raises(DomainError) as refused:
        services.need_set_status(need=n, state=State.PLANNED, plan="装 8 个摄像头", actor=world.staff)
    assert refused.value.field == "estimated_cost"
    with pytest.raises(DomainError) as refused:
        services.need_set_status(
            need=n,
            state=State.PLANNED,
            plan="装 8 个摄像头",
            estimated_cost=Decimal("12800"),
            actor=world.staff,
        )
    assert refused.value.field == "responsible_team"
    n = services.need_set_status(
        need=n,
        state=State.PLANNED,
        plan="装 8 个摄像头",
        estimated_cost=Decimal("12800"),
        responsible_note="合伙人队伍",
        actor=world.staff,
    )
    services.need_set_status(need=n, state=State.IN_PROGRESS, actor=world.staff)
    with pytest.raises(DomainError) as refused:
        services.need_set_status(need=n, state=State.DONE, after_photos=[photo()], actor=world.staff)
    assert refused.value.field == "result"
    with pytest.raises(DomainError) as refused:
        services.need_set_status(need=n, state=State.DONE, result="已安装", actor=world.staff)
    assert refused.value.field == "after_photos"
    n = services.need_set_status(
        need=n, state=State.DONE, result="已安装", after_photos=[photo()], actor=world.staff
    )
    assert n.state == State.DONE and n.photos.filter(stage="after").count() == 1


def test_a_need_with_a_cost_may_not_skip_deliberation_but_one_without_may(world):
    free = need(world, "清理楼道杂物")
    assert (
        services.need_set_status(need=free, state=State.IN_PROGRESS, actor=world.staff).state
        == State.IN_PROGRESS
    )
    costly = need(world, "加装电梯")
    costly.estimated_cost = Decimal("300000")
    costly.save()
    with pytest.raises(DomainError):
        services.need_set_status(need=costly, state=State.IN_PROGRESS, actor=world.staff)
    with pytest.raises(DomainError):
        services.need_set_status(need=costly, state=State.DONE, result="x", actor=world.staff)


def test_reopening_a_done_or_declined_need_needs_a_reason(world):
    n = need(world)
    services.need_set_status(need=n, state=State.IN_PROGRESS, actor=world.staff)
    services.need_set_status(
        need=n, state=State.DONE, result="修好了", after_photos=[photo()], actor=world.staff
    )
    with pytest.raises(DomainError) as refused:
        services.need_set_status(need=n, state=State.IN_PROGRESS, actor=world.staff)
    assert refused.value.field == "reason"
    n = services.need_set_status(need=n, state=State.IN_PROGRESS, reason="又坏了", actor=world.staff)
    assert n.state == State.IN_PROGRESS
    d = need(world, "别的")
    services.need_set_status(need=d, state=State.DECLINED, reason="不在小区范围", actor=world.staff)
    d = services.need_set_status(need=d, state=State.COLLECTED, reason="居民补充了情况", actor=world.staff)
    assert d.state == State.COLLECTED and d.decline_reason == ""
    assert AuditEntry.objects.filter(action="need.status", target_id=str(d.pk)).count() == 2


def test_staff_only_updates_are_kept_apart(world):
    n = need(world)
    services.need_set_status(
        need=n, state=State.DELIBERATION, note="与业委会沟通", public=False, actor=world.staff
    )
    services.need_update_add(need=n, text_value="下周板凳会讨论", public=True, actor=world.staff)
    assert list(NeedUpdate.objects.filter(need=n).order_by("id").values_list("public", flat=True)) == [
        False,
        True,
    ]


def test_merging_moves_me_toos_keeping_one_per_household_and_redirects(world):
    a = need(world, "停车乱")
    b = need(world, "车停得乱")
    h1, h2 = world.household, HouseholdFactory(compound=world.compound, room="502")
    services.metoo_add(need=a, household=h1)
    services.metoo_add(need=a, household=h2)
    services.metoo_add(need=a, browser="b" * 64)
    services.metoo_add(need=b, household=h1)
    services.metoo_add(need=b, browser="b" * 64)
    services.metoo_add(need=b, browser="c" * 64)
    into = services.need_merge(need=b, into=a, actor=world.staff)
    b.refresh_from_db()
    assert into == a and b.state == State.MERGED and b.merged_into == a
    assert MeToo.objects.filter(need=b).count() == 0
    # h1 once, h2, browser b once, browser c
    assert MeToo.objects.filter(need=a).count() == 4
    assert MeToo.objects.filter(need=a, household=h1).count() == 1
    with pytest.raises(DomainError):
        services.need_merge(need=b, into=a, actor=world.staff)
    with pytest.raises(DomainError):
        services.need_set_status(need=b, state=State.COLLECTED, reason="x", actor=world.staff)


def test_needs_of_another_community_cannot_be_merged(world):
    a = need(world)
    theirs = need(world, "桂花", compound=world.other_compound, actor=world.outsider)
    with pytest.raises(DomainError):
        services.need_merge(need=a, into=theirs, actor=world.staff)
    assert Need.objects.get(pk=a.pk).state == State.COLLECTED
