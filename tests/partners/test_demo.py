"""The demo shows the case's partners: all seven kinds, 熊爹爹's garage, the 腰鼓队 and 象棋社, one partner
team in 育才小区 growing to seven across 双龙社区, building leaders, and a call with applications in every state."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners import charts
from partners.models import Application, Assignment, Kind, Partner, Team

pytestmark = pytest.mark.django_db


def test_the_demo_partners_teams_and_call(client):
    call_command("load_demo")
    kinds = set(Partner.objects.exclude(kind="").values_list("kind", flat=True))
    assert kinds == set(Kind.values)
    assert Partner.objects.filter(form="organisation").count() == 2
    assert Partner.objects.get(name="熊爹爹").offers_space
    assert Team.objects.get(name="腰鼓队").leader.name == "袁阿姨"
    assert Team.objects.get(name="象棋社").leader.name == "王大叔"
    assert Assignment.objects.filter(role="building_leader", compound__name="育才小区").count() == 8
    assert set(Application.objects.values_list("state", flat=True)) == set(Application.State.values)
    assert Application.objects.filter(possible_duplicate=True).exists()

    community = Partner.objects.first().community
    data = charts.growth(community, today=datetime.date(2023, 1, 31))
    assert data.first_governance == 1 and data.last.governance == 7
    assert data.last.groups == 3

    board = client.get(reverse("public_board", args=[Team.objects.get(name="腰鼓队").compound.public_token]))
    html = board.content.decode()
    assert "幸福合伙人招募令" in html and "楼栋长" in html
    assert "13872000" not in html  # no phone on a public page
    assert "刘建华" not in html and "刘**" not in html  # the cadre without public-naming consent

    call_command("load_demo")  # twice: nothing doubled
    assert Team.objects.count() == 10


def test_the_demo_volunteering_rota_tutoring_painting_day_and_a_reversal():
    from django.utils import timezone

    from partners import queries
    from partners.models import Activity, HoursEntry, HoursReversal, Slot

    call_command("load_demo")
    osmanthus = Activity.objects.get(title="桂花树浇水")
    assert osmanthus.compound.name == "嫦娥小区" and osmanthus.is_daily
    now = timezone.now()
    assert Slot.objects.filter(activity=osmanthus, starts_at__lt=now).count() >= 28
    assert Slot.objects.filter(activity=osmanthus, starts_at__gt=now).count() >= 27
    assert queries.counted_hours(Partner.objects.get(name="肖婷")) > 0
    assert not queries.waiting_entries(osmanthus.community).exists()  # all confirmed
    assert HoursReversal.objects.get().reason.startswith("当天下雨")
    assert Activity.objects.get(title="作业辅导").weekdays == "24"
    painting = Activity.objects.get(title="粉刷幸福小屋")
    assert painting.date.isoweekday() == 6
    assert HoursEntry.objects.filter(slot__activity=painting, partner__name="熊小军").exists()
    call_command("load_demo")
    assert Activity.objects.filter(title="桂花树浇水").count() == 1
