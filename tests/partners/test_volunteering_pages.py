"""Volunteering pages: staff create and change activities, sign people up, check in (with a walk-in), a second
member of staff confirms, a reversal; the partner signs up and cancels on their link (rate-limited); the profile
shows hours by month; the lists cost a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partners import services
from partners.models import Activity, HoursConfirmation, HoursEntry, Partner, SignUp, Slot

from .volunteering import one_off, organisation, person, rota, started_slot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def url(name, world, *args):
    return reverse(f"partners:{name}", args=[world.home.slug, *args])


def test_staff_create_a_rota_on_the_form_and_its_slots_appear(world, login):
    client = login(world.staff)
    response = client.post(
        url("activity_create", world),
        {
            "kind": "rota",
            "title": "作业辅导",
            "compound": world.compound.pk,
            "place": "社区活动室",
            "capacity": "3",
            "start_time": "19:00",
            "end_time": "20:30",
            "weekdays": ["2", "4"],
            "starts_on": timezone.localdate().isoformat(),
        },
        **EN,
    )
    activity = Activity.objects.get(title="作业辅导")
    assert response.status_code == 302 and response["Location"] == url("activity", world, activity.pk)
    assert activity.weekdays == "24" and Slot.objects.filter(activity=activity).count() == 8
    page = client.get(url("activity", world, activity.pk), **EN).content.decode()
    assert "Tue、Thu 19:00–20:30" in page
    assert page.count('data-slot="') == 8


def test_a_rota_without_days_is_refused_on_its_field(world, login):
    client = login(world.staff)
    response = client.post(
        url("activity_create", world),
        {"kind": "rota", "title": "浇水", "capacity": "1", "start_time": "18:00", "end_time": "18:30"},
        **EN,
    )
    assert response.status_code == 200
    assert "Choose the days of the rota." in response.content.decode()
    assert not Activity.objects.exists()


def test_editing_an_activity_on_the_form(world, login):
    activity, slot = one_off(world, capacity=2)
    client = login(world.staff)
    response = client.post(
        url("activity_edit", world, activity.pk),
        {
            "title": "粉刷幸福小屋",
            "compound": world.compound.pk,
            "capacity": "6",
            "start_time": "09:00",
            "end_time": "12:00",
            "date": activity.date.isoformat(),
        },
        **EN,
    )
    assert response.status_code == 302
    assert Slot.objects.get(activity=activity).capacity == 6


def test_staff_sign_a_partner_up_and_a_full_slot_says_so(world, login):
    _activity, slot = one_off(world, capacity=1)
    chen, wang = person(world), person(world, "王丽", "13800000002")
    client = login(world.staff)
    response = client.post(url("slot_signup", world, slot.pk), {"partner": chen.pk}, **EN)
    assert response.status_code == 302
    response = client.post(url("slot_signup", world, slot.pk), {"partner": wang.pk}, **EN)
    assert "This slot is full" in response.content.decode()
    page = client.get(url("slot", world, slot.pk), **EN).content.decode()
    assert 'data-signup="陈昌秀"' in page and "full" in page
    signup = SignUp.objects.get()
    client.post(url("signup_cancel", world, signup.pk), **EN)
    assert not SignUp.objects.exists()


def test_check_in_with_a_walk_in_then_a_second_member_confirms(world, login, client):
    slot = started_slot(world, capacity=4)
    chen, wang = person(world), person(world, "王丽", "13800000002")
    for p in (chen, wang):
        SignUp.objects.create(community=world.home, slot=slot, partner=p, via="staff")
    client.force_login(world.staff)
    page = client.get(url("slot_checkin", world, slot.pk), **EN).content.decode()
    assert 'data-checkin="陈昌秀"' in page and 'value="3.0"' in page
    response = client.post(
        url("slot_checkin", world, slot.pk),
        {
            f"tick_{chen.pk}": "on",
            f"hours_{chen.pk}": "3.0",
            f"tick_{wang.pk}": "",
            f"hours_{wang.pk}": "3.0",
            "walk_in_name": "熊爹爹",
            "walk_in_mobile": "13800000009",
            "walk_in_hours": "2",
            "walk_in_consent": "on",
        },
        **EN,
    )
    assert response.status_code == 302
    assert sorted(HoursEntry.objects.values_list("partner__name", "hours")) == [
        ("熊爹爹", Decimal("2.0")),
        ("陈昌秀", Decimal("3.0")),
    ]
    page = client.get(url("slot_confirm", world, slot.pk), **EN).content.decode()
    assert "You recorded these hours" in page and "Confirm these hours" not in page
    client.post(url("slot_confirm", world, slot.pk), **EN)
    assert not HoursConfirmation.objects.exists()
    client.force_login(world.admin)
    assert "Confirm these hours" in client.get(url("slot_confirm", world, slot.pk), **EN).content.decode()
    client.post(url("slot_confirm", world, slot.pk), **EN)
    assert HoursConfirmation.objects.count() == 2
    profile = client.get(url("partner", world, chen.pk), **EN).content.decode()
    assert "3.0 hours confirmed" in profile
    assert f'data-month="{slot.date:%Y-%m}"' in profile


def test_a_check_in_error_writes_nothing_and_says_why(world, login):
    slot = started_slot(world)
    chen = person(world)
    SignUp.objects.create(community=world.home, slot=slot, partner=chen, via="staff")
    client = login(world.staff)
    response = client.post(
        url("slot_checkin", world, slot.pk), {f"tick_{chen.pk}": "on", f"hours_{chen.pk}": "30"}, **EN
    )
    assert response.status_code == 200 and "A day has at most 24 hours." in response.content.decode()
    assert not HoursEntry.objects.exists()


def test_reversal_on_its_form_and_the_waiting_list(world, login):
    slot = started_slot(world)
    chen = person(world)
    [entry] = services.checkin_record(slot=slot, actor=world.staff, ticked=[(chen, None)])
    client = login(world.admin)
    waiting = client.get(url("hours_waiting", world), **EN).content.decode()
    assert "粉刷幸福小屋" in waiting
    home = client.get(reverse("communities:home", args=[world.home.slug]), **EN).content.decode()
    assert "Volunteer hours to confirm: 1" in home
    response = client.post(url("hours_reverse", world, entry.pk), {"reason": ""}, **EN)
    assert response.status_code == 200
    response = client.post(url("hours_reverse", world, entry.pk), {"reason": "记错了人"}, **EN)
    assert response.status_code == 302
    assert entry.reversal.reason == "记错了人"
    assert (
        "Volunteer hours to confirm"
        not in client.get(reverse("communities:home", args=[world.home.slug]), **EN).content.decode()
    )


def test_another_communitys_slot_is_refused_on_the_link(world, client):
    chen = person(world)
    token = services.partner_link_issue(partner=chen, actor=world.staff)
    guihua = person(
        world,
        "桂花",
        "13800000055",
        compound=world.other_compound,
        community=world.other,
        actor=world.outsider,
    )
    _activity, theirs = one_off(world, community=world.other, compound=world.other_compound)
    assert guihua.community == world.other
    response = client.post(reverse("partners_public:link_signup", args=[token, theirs.pk]))
    assert response.status_code == 404


def test_a_partner_signs_up_and_cancels_on_their_link(world, client):
    chen = person(world)
    token = services.partner_link_issue(partner=chen, actor=world.staff)
    _activity, slot = one_off(world)
    link = reverse("partners_public:link", args=[token])
    page = client.get(link, **EN).content.decode()
    assert f'data-open="{slot.pk}"' in page and "0 of 3 places taken" in page
    response = client.post(reverse("partners_public:link_signup", args=[token, slot.pk]), **EN)
    assert response.status_code == 302 and response["Location"].endswith("#volunteering")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = client.get(link, **EN).content.decode()
    assert "You are signed up" in page and f'data-mine="{slot.pk}"' in page
    signup = SignUp.objects.get(partner=chen)
    assert signup.via == SignUp.Via.LINK
    client.post(reverse("partners_public:link_cancel", args=[token, signup.pk]), **EN)
    assert not SignUp.objects.exists()


def test_a_partner_cancels_only_their_own_sign_up(world, client):
    chen, wang = person(world), person(world, "王丽", "13800000002")
    token = services.partner_link_issue(partner=chen, actor=world.staff)
    _activity, slot = one_off(world)
    theirs = services.signup_create(slot=slot, partner=wang, actor=world.staff)
    response = client.post(reverse("partners_public:link_cancel", args=[token, theirs.pk]))
    assert response.status_code == 404 and SignUp.objects.filter(pk=theirs.pk).exists()


def test_sign_ups_on_a_link_are_rate_limited(world, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "volunteer_signup": "2/m/ip"}
    chen = person(world)
    token = services.partner_link_issue(partner=chen, actor=world.staff)
    slots = [one_off(world, title=f"活动{n}")[1] for n in range(3)]
    for slot in slots:
        client.post(reverse("partners_public:link_signup", args=[token, slot.pk]), **EN)
    assert SignUp.objects.count() == 2
    page = client.get(reverse("partners_public:link", args=[token]), **EN).content.decode()
    assert "Too many sign-ups from here" in page


def test_an_organisations_link_and_profile_show_no_volunteering(world, login, client):
    unit = organisation(world)
    token = services.partner_link_issue(partner=unit, actor=world.staff)
    assert (
        'id="volunteering"' not in client.get(reverse("partners_public:link", args=[token])).content.decode()
    )
    login(world.staff)
    assert "partners-hours" not in client.get(url("partner", world, unit.pk)).content.decode()


# --- a fixed number of queries ----------------------------------------------------------------------


def _more_slots_and_people(world, n):
    for i in range(n):
        _activity, slot = one_off(
            world, title=f"活动{n}-{i}", day=timezone.localdate() + datetime.timedelta(days=i + 1)
        )
        for j in range(2):
            p = person(world, f"志愿者{n}-{i}-{j}", f"139{n:02d}{i:03d}{j:03d}")
            services.signup_create(slot=slot, partner=p, actor=world.staff)


def test_the_slot_lists_and_the_link_page_cost_the_same_with_more_rows(world, client, count_queries):
    chen = person(world)
    token = services.partner_link_issue(partner=chen, actor=world.staff)
    osmanthus = rota(world)
    started = started_slot(world)
    services.checkin_record(slot=started, actor=world.staff, ticked=[(chen, None)])
    services.hours_confirm(slot=started, actor=world.admin)
    client.force_login(world.staff)
    pages = [url("activities", world), url("activity", world, osmanthus.pk), url("hours_waiting", world)]
    link = reverse("partners_public:link", args=[token])

    def measure():
        counts = {}
        for page in pages:
            counts[page] = count_queries(lambda page=page: client.get(page).status_code == 200)
        counts["slot"] = count_queries(lambda: client.get(url("slot", world, started.pk)))
        client.logout()
        counts[link] = count_queries(lambda: client.get(link))
        client.force_login(world.staff)
        return counts

    _more_slots_and_people(world, 2)
    services.signup_create(slot=Slot.objects.filter(activity=osmanthus).last(), partner=chen, via="link")
    before = measure()
    _more_slots_and_people(world, 6)
    for p in Partner.objects.filter(name__startswith="志愿者6-0"):
        services.checkin_record(slot=started, actor=world.staff, ticked=[(p, "1")])
    services.signup_create(slot=Slot.objects.filter(activity=osmanthus)[5], partner=chen, via="link")
    after = measure()
    assert after == before
