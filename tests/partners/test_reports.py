"""The hours reports: one month's confirmed hours (unconfirmed and reversed left out) per partner, team, kind and
work unit; the month selector; the export through the shared writer; a fixed number of queries whatever the
number of entries."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partners import services
from partners.models import Partner, Team
from partners.queries import reports

from .records import entry
from .volunteering import person

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _month():
    """Last month: every day of it is in the past."""
    return reports.month_start(reports.month_start(timezone.localdate()) - datetime.timedelta(days=1))


def _cadre(world, name, mobile, unit):
    return services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True),
        form=Partner.Form.PERSON,
        name=name,
        kind="sent_down_cadre",
        work_unit=unit,
        mobile=mobile,
        compound=world.compound,
        joined_on=datetime.date(2022, 3, 1),
    )


@pytest.fixture
def month_of_hours(world):
    month = _month()
    day = month + datetime.timedelta(days=4)
    chen = person(world, name="陈昌秀")
    liu = _cadre(world, "刘建华", "13800000002", "市供电公司")
    zhou = _cadre(world, "周晓梅", "13800000003", "市供电公司")
    entry(world, chen, day, "2.0")
    entry(world, chen, day + datetime.timedelta(days=1), "1.5")
    entry(world, chen, day + datetime.timedelta(days=2), "5.0", confirmed=False)  # waiting: not counted
    entry(world, liu, day, "3.0")
    reversed_entry = entry(world, liu, day + datetime.timedelta(days=3), "4.0")
    services.hours_reverse(entry=reversed_entry, reason="记错了日期", actor=world.admin)
    entry(world, zhou, day, "1.0")
    entry(world, zhou, month - datetime.timedelta(days=1), "7.0")  # the month before
    team = services.team_create(
        community=world.home,
        name="育才小区合伙人队伍",
        kind=Team.TeamKind.GOVERNANCE,
        formed_on=datetime.date(2022, 1, 1),
        actor=world.staff,
    )
    services.team_member_add(team=team, partner=chen, joined_on=datetime.date(2022, 3, 1), actor=world.staff)
    # Zhou joined after her hours of the month: they are not the team's.
    services.team_member_add(
        team=team, partner=zhou, joined_on=day + datetime.timedelta(days=1), actor=world.staff
    )
    return {"month": month, "chen": chen, "liu": liu, "zhou": zhou, "team": team}


def test_per_partner_counts_confirmed_hours_only(world, month_of_hours):
    rows = reports.by_partner(world.home, month_of_hours["month"])
    assert [(r["name"], str(r["hours"]), r["times"]) for r in rows] == [
        ("陈昌秀", "3.5", 2),
        ("刘建华", "3.0", 1),
        ("周晓梅", "1.0", 1),
    ]
    totals = reports.month_totals(world.home, month_of_hours["month"])
    assert (str(totals["hours"]), totals["times"], totals["people"]) == ("7.5", 4, 3)


def test_per_team_counts_members_while_members(world, month_of_hours):
    [row] = reports.by_team(world.home, month_of_hours["month"])
    assert (row["name"], str(row["hours"]), row["times"], row["people"]) == (
        "育才小区合伙人队伍",
        "3.5",
        2,
        1,
    )


def test_per_kind_and_per_work_unit(world, month_of_hours):
    kinds = {
        r["kind"]: (str(r["hours"]), r["people"])
        for r in reports.by_kind(world.home, month_of_hours["month"])
    }
    assert kinds == {"sent_down_cadre": ("4.0", 2), "volunteer": ("3.5", 1)}
    [unit] = reports.by_work_unit(world.home, month_of_hours["month"])
    assert unit.name == "市供电公司" and str(unit.hours) == "4.0" and unit.times == 2
    assert [(p["name"], str(p["hours"])) for p in unit.people] == [("刘建华", "3.0"), ("周晓梅", "1.0")]


def test_the_report_page_with_its_month_selector(world, month_of_hours, login):
    client = login(world.observer)
    url = reverse("partners:hours_report", args=[world.home.slug])
    month = month_of_hours["month"]
    page = client.get(url, {"by": "work_unit", "month": month.strftime("%Y-%m")}, **EN).content.decode()
    assert "Hours per work unit" in page and 'data-unit="市供电公司"' in page and "4.0" in page
    assert "陈昌秀" not in page  # no work unit
    unit = client.get(url, {"by": "work_unit", "month": f"{month:%Y-%m}", "unit": "市供电公司"}, **EN)
    assert "刘建华" in unit.content.decode() and "周晓梅" in unit.content.decode()
    assert f'value="{month:%Y-%m}"' in page
    this_month = client.get(url, **EN).content.decode()
    assert "No confirmed hours this month." in this_month
    partner_page = client.get(url, {"by": "partner", "month": f"{month:%Y-%m}"}, **EN).content.decode()
    assert "陈昌秀" in partner_page and "3.5" in partner_page and "5.0" not in partner_page
    assert client.get(url, {"by": "nonsense", "month": "13-2026x"}, **EN).status_code == 200


def test_export_through_the_shared_writer(world, month_of_hours, login):
    client = login(world.observer)
    url = reverse("partners:hours_report_export", args=[world.home.slug])
    month = f"{month_of_hours['month']:%Y-%m}"
    response = client.get(url, {"by": "work_unit", "month": month, "format": "csv"}, **EN)
    assert response["Content-Disposition"].endswith(f'hours-work-unit-{month}.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["work unit", "name", "kind", "times", "hours"]
    assert ["市供电公司", "刘建华", "cadre sent down from a work unit", "1", "3.0"] in rows
    assert rows[-1][0] == "市供电公司" and rows[-1][-1] == "4.0"
    xlsx = client.get(url, {"by": "team", "month": month, "format": "xlsx"}, **EN)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(url, {"format": "pdf"}).status_code == 404


@pytest.mark.parametrize("by", reports.REPORTS)
def test_reports_cost_the_same_whatever_the_number_of_entries(
    world, month_of_hours, login, count_queries, by
):
    client = login(world.observer)
    url = reverse("partners:hours_report", args=[world.home.slug])
    params = {"by": by, "month": f"{month_of_hours['month']:%Y-%m}"}

    def load():
        assert client.get(url, params).status_code == 200

    before = count_queries(load)
    day = month_of_hours["month"] + datetime.timedelta(days=10)
    for n in range(6):
        p = _cadre(world, f"干部{n}", f"1380000010{n}", f"单位{n}")
        services.team_member_add(
            team=month_of_hours["team"], partner=p, joined_on=datetime.date(2022, 3, 1), actor=world.staff
        )
        entry(world, p, day, "1.0")
    assert count_queries(load) == before


def test_the_community_home_shows_this_months_volunteering(world, login):
    from .volunteering import one_off

    today = timezone.localdate()
    chen = person(world, name="陈昌秀")
    wang = person(world, name="王丽", mobile="13800000009")
    entry(world, chen, today, "2.5")
    entry(world, wang, today, "4.0", confirmed=False)  # waiting: neither hours nor an active volunteer
    _activity, full = one_off(world, title="大扫除", capacity=1)
    services.signup_create(slot=full, partner=wang, actor=world.staff)
    one_off(world, title="粉刷幸福小屋", capacity=3)  # open
    one_off(world, title="下月活动", day=today + datetime.timedelta(days=9))  # not this week
    client = login(world.observer)
    page = client.get(reverse("communities:home", args=[world.home.slug]), **EN).content.decode()
    section = page.split('data-section="partners-volunteering"')[1].split("</section>")[0]
    assert 'data-figure="hours">2.5<' in section
    assert 'data-figure="people">1<' in section
    assert 'data-figure="open-slots">1<' in section


def test_the_per_partner_report_pages_every_partner_of_the_month_once(world, login):
    """The pages count the month's partners from the totals (no COUNT of their own): 53 partners with hours, one
    with waiting hours only, make two pages of 50 and 3, each partner on one of them."""
    month = _month()
    day = month + datetime.timedelta(days=3)
    people = [person(world, name=f"志愿者{n:02d}", mobile=f"139000001{n:02d}") for n in range(54)]
    for n, p in enumerate(people[:53]):
        entry(world, p, day, f"{1 + n % 5}.0")
    entry(world, people[53], day, "2.0", confirmed=False)
    client = login(world.observer)
    url = reverse("partners:hours_report", args=[world.home.slug])
    params = {"by": "partner", "month": f"{month:%Y-%m}"}
    first = client.get(url, params, **EN).content.decode()
    second = client.get(url, {**params, "page": 2}, **EN).content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    shown = [p.name for p in people if p.name in first] + [p.name for p in people if p.name in second]
    assert sorted(shown) == sorted(p.name for p in people[:53])
