"""Meetings: the monthly agenda proposed from the needs moved to "under deliberation" since the last one (周提月议),
reordering, dropping and adding items, attendance by room, the minutes' photo in private storage."""

import datetime

import pytest
from django.utils import timezone

from communities.errors import DomainError
from needs import services
from needs.models import AgendaItem, Attendance, Meeting, NeedUpdate
from tests.needs.helpers import need, partner, photo
from tests.needs.meetings_helpers import households, meeting


def _deliberate(world, title, when=None):
    n = need(world, title=title)
    services.need_set_status(need=n, state="deliberation", actor=world.staff)
    if when is not None:
        NeedUpdate.objects.filter(need=n, to_state="deliberation").update(created_at=when)
    return n


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def test_the_monthly_agenda_holds_the_needs_moved_to_deliberation_since_the_last_one(world):
    today = timezone.localdate()
    last_month = today - datetime.timedelta(days=30)
    old = _deliberate(world, "旧议题", when=_at(last_month - datetime.timedelta(days=3)))
    meeting(world, held_on=last_month, kind="monthly")  # its agenda took `old`
    fresh = _deliberate(world, "装监控", when=_at(today - datetime.timedelta(days=5)))
    second = _deliberate(world, "修路灯", when=_at(today - datetime.timedelta(days=2)))
    still_collected = need(world, title="还在收集")

    m = meeting(world, held_on=today)
    titles = list(m.agenda.values_list("title", flat=True))
    assert titles == ["装监控", "修路灯"]
    assert old.title not in titles and still_collected.title not in titles
    # Proposing again adds nothing twice.
    assert services.agenda_propose(meeting=m, actor=world.staff) == []
    assert m.agenda.count() == 2
    assert {i.need_id for i in m.agenda.all()} == {fresh.pk, second.pk}


def test_a_bench_meeting_gets_no_proposed_agenda(world):
    _deliberate(world, "装监控")
    assert meeting(world, kind="bench").agenda.count() == 0


def test_staff_reorder_drop_and_add_items(world):
    _deliberate(world, "一")
    _deliberate(world, "二")
    m = meeting(world)
    added = services.agenda_item_add(meeting=m, title="三：临时动议", actor=world.staff)
    first, second_item, _third = list(m.agenda.filter(dropped=False))
    services.agenda_item_move(item=added, up=True, actor=world.staff)
    assert [i.title for i in AgendaItem.objects.filter(meeting=m, dropped=False)] == [
        "一",
        "三：临时动议",
        "二",
    ]
    services.agenda_item_drop(item=first, actor=world.staff)
    assert [i.title for i in AgendaItem.objects.filter(meeting=m, dropped=False)] == ["三：临时动议", "二"]
    # A dropped need is not proposed again.
    assert services.agenda_propose(meeting=m, actor=world.staff) == []
    with pytest.raises(DomainError):
        services.agenda_item_add(meeting=m, title="", actor=world.staff)
    with pytest.raises(DomainError, match="already|已在议题中"):
        services.agenda_item_add(meeting=m, need=second_item.need, actor=world.staff)


def test_attendance_by_room_partners_and_head_count(world):
    homes = households(world, [60, 60])
    m = meeting(world, kind="bench")
    who = partner(world)
    added = services.attendance_record(
        meeting=m,
        rooms=["9栋1单元101", "9栋1单元102", "9栋1单元101"],
        partners=[who],
        head_count=23,
        actor=world.staff,
    )
    assert added == 3
    assert Attendance.objects.filter(meeting=m).count() == 3
    assert Meeting.objects.get(pk=m.pk).head_count == 23
    # Recording again adds no one twice.
    assert services.attendance_record(meeting=m, rooms=[homes[0].label], actor=world.staff) == 0
    with pytest.raises(DomainError, match="88栋9单元999") as error:
        services.attendance_record(meeting=m, rooms=["88栋9单元999"], actor=world.staff)
    assert error.value.field == "rooms"


def test_minutes_and_their_photo_in_private_storage(world):
    m = meeting(world)
    services.minutes_save(meeting=m, minutes="同意安装监控。", photo=photo("minutes.jpg"), actor=world.staff)
    m.refresh_from_db()
    assert m.minutes == "同意安装监控。"
    assert m.minutes_photo.name.startswith("needs/minutes/")
    from communities.uploads import PrivateStorage

    assert isinstance(m.minutes_photo.storage, PrivateStorage)
