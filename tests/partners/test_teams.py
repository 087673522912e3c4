"""Teams with dated memberships, assignments, and the growth chart (server-rendered SVG) on the home page."""

import datetime

import pytest
from django.urls import reverse

from partners import charts, services
from partners.models import Partner, TeamMembership

pytestmark = pytest.mark.django_db


def partner(world, name, mobile, joined_on=datetime.date(2022, 3, 1)):
    return services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True),
        form=Partner.Form.PERSON,
        name=name,
        kind="volunteer",
        mobile=mobile,
        joined_on=joined_on,
    )


def seven_teams(world):
    """One partner team in 2022-03, then one more every two months: 7 by 2023-03 (the case's 1 → 7)."""
    formed = []
    for n in range(7):
        month = 3 + 2 * n
        year, month = 2022 + (month - 1) // 12, (month - 1) % 12 + 1
        formed.append(
            services.team_create(
                community=world.home,
                name=f"合伙人队伍{n + 1}",
                kind="governance",
                formed_on=datetime.date(year, month, 1),
                actor=world.staff,
            )
        )
    services.team_create(
        community=world.home,
        name="腰鼓队",
        kind="culture",
        formed_on=datetime.date(2023, 4, 1),
        actor=world.staff,
    )
    return formed


def test_forming_a_team_adding_a_member_and_recording_that_they_left(world, login):
    chen = partner(world, "陈昌秀", "13800000001")
    client = login(world.staff)
    response = client.post(
        reverse("partners:team_create", args=[world.home.slug]),
        {
            "name": "育才小区合伙人队伍",
            "kind": "governance",
            "compound": world.compound.pk,
            "formed_on": "2022-03-01",
        },
    )
    assert response.status_code == 302
    assert world.home.audit_entries.filter(action="team.create").exists()
    url = response["Location"]
    added = client.post(url, {"partner": chen.pk, "joined_on": "2022-03-05"})
    assert added.status_code == 302
    membership = TeamMembership.objects.get()
    leave = reverse("partners:team_member_leave", args=[world.home.slug, membership.pk])
    assert client.post(leave, {"left_on": "2023-01-01"}).status_code == 302
    membership.refresh_from_db()
    assert str(membership.joined_on) == "2022-03-05" and str(membership.left_on) == "2023-01-01"
    page = client.get(url).content.decode()
    assert "2022-03-05 – 2023-01-01" in page


def test_an_observer_cannot_add_a_member(world, login):
    chen = partner(world, "陈昌秀", "13800000001")
    team = services.team_create(
        community=world.home,
        name="队",
        kind="governance",
        formed_on=datetime.date(2022, 3, 1),
        actor=world.staff,
    )
    url = reverse("partners:team", args=[world.home.slug, team.pk])
    assert login(world.observer).post(url, {"partner": chen.pk, "joined_on": "2022-03-05"}).status_code == 403
    assert not TeamMembership.objects.exists()


def test_the_chart_counts_teams_and_partners_month_by_month(world):
    seven_teams(world)
    partner(world, "陈昌秀", "13800000001", joined_on=datetime.date(2022, 3, 1))
    leaver = partner(world, "赵六", "13800000002", joined_on=datetime.date(2022, 5, 1))
    services.partner_status_record(
        partner=leaver, change="left", on=datetime.date(2022, 9, 15), actor=world.staff
    )

    data = charts.growth(world.home, today=datetime.date(2023, 6, 30))

    by_month = {p.month.strftime("%Y-%m"): p for p in data.points}
    assert data.points[0].month == datetime.date(2022, 3, 1)
    assert by_month["2022-03"].governance == 1 and by_month["2023-03"].governance == 7
    assert by_month["2023-04"].groups == 1 and by_month["2023-03"].groups == 0
    assert by_month["2022-05"].partners == 2 and by_month["2022-09"].partners == 1
    assert data.first_governance == 1 and data.last.governance == 7
    svg = charts.svg(data, "增长")
    assert svg.startswith("<svg") and svg.count("<polyline") == 3 and "<title" in svg


def test_the_home_page_shows_the_growth_chart(world, login):
    seven_teams(world)
    client = login(world.observer)
    html = client.get(
        reverse("communities:home", args=[world.home.slug]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-chart="growth"' in html and "<svg" in html
    assert "From 1 partner team to 7" in html


def test_team_and_chart_pages_cost_the_same_for_3_or_40_partners(world, login, count_queries):
    seven_teams(world)
    client = login(world.staff)
    for n in range(3):
        partner(world, f"志愿者{n}", f"1380000{n:04d}")

    def pages():
        assert client.get(reverse("partners:teams", args=[world.home.slug])).status_code == 200
        assert client.get(reverse("communities:home", args=[world.home.slug])).status_code == 200

    few = count_queries(pages)
    for n in range(3, 40):
        partner(world, f"志愿者{n}", f"1380000{n:04d}")
    assert count_queries(pages) == few


def test_an_assignment_shows_on_the_staff_compound_page_and_ends_on_a_date(world, login):
    chen = partner(world, "陈昌秀", "13800000001")
    client = login(world.staff)
    response = client.post(
        reverse("partners:assignment_create", args=[world.home.slug, chen.pk]),
        {
            "role": "building_leader",
            "compound": world.compound.pk,
            "building": world.household.building.pk,
            "starts_on": "2022-04-01",
        },
    )
    assert response.status_code == 302
    compound_page = client.get(reverse("communities:compound", args=[world.home.slug, world.compound.pk]))
    assert "陈昌秀" in compound_page.content.decode()
    assignment = chen.assignments.get()
    client.post(
        reverse("partners:assignment_end", args=[world.home.slug, assignment.pk]), {"left_on": "2024-01-01"}
    )
    assignment.refresh_from_db()
    assert str(assignment.ends_on) == "2024-01-01"
    assert (
        "陈昌秀"
        not in client.get(
            reverse("communities:compound", args=[world.home.slug, world.compound.pk])
        ).content.decode()
    )
