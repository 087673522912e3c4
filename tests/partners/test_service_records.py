"""Volunteer service records: issued by staff with gap-free serials (a refused issue takes no number), a frozen
snapshot of the confirmed hours (unconfirmed and reversed left out) by activity and month, the check page with
the name masked, no phone, noindex, "hours corrected after issue" after a reversal or a late confirmation; the
printable page with the full name and a QR code; another community's record is a 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from communities.errors import DomainError
from communities.models import Counter
from partners import services
from partners.models import SERVICE_RECORD_COUNTER, ServiceRecord

from .records import entry
from .volunteering import one_off, organisation, person

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def _issue(world, partner, start=None, end=None):
    return services.service_record_issue(
        partner=partner,
        period_from=start or _days_ago(60),
        period_to=end or timezone.localdate(),
        actor=world.staff,
    )


@pytest.fixture
def volunteer(world):
    partner = person(world, name="陈昌秀")
    activity, _slot = one_off(world, day=_days_ago(40), title="粉刷幸福小屋")
    entry(world, partner, _days_ago(40), "3.0", activity=activity)
    entry(world, partner, _days_ago(10), "1.5", activity=activity)
    entry(world, partner, _days_ago(9), "2.0", description="修理路灯")
    entry(world, partner, _days_ago(8), "4.0", activity=activity, confirmed=False)  # waiting: not counted
    return partner, activity


def test_serials_are_gap_free_and_a_refused_issue_takes_no_number(world, volunteer):
    partner, _activity = volunteer
    first = _issue(world, partner)
    idle = person(world, name="刘建华", mobile="13800000002")
    with pytest.raises(DomainError, match="no confirmed hours"):
        _issue(world, idle)
    with pytest.raises(DomainError, match="future"):
        _issue(world, partner, end=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="organisation"):
        _issue(world, organisation(world))
    second = _issue(world, partner, start=_days_ago(20))
    assert (first.serial, second.serial) == (1, 2)
    assert Counter.objects.get(community=world.home, name=SERVICE_RECORD_COUNTER).last_number == 2
    # Each community numbers its own.
    other = person(
        world, name="桂花志愿者", compound=world.other_compound, community=world.other, actor=world.outsider
    )
    entry(world, other, _days_ago(3), "1.0", description="清扫")
    assert (
        services.service_record_issue(
            partner=other, period_from=_days_ago(5), period_to=_days_ago(1), actor=world.outsider
        ).serial
        == 1
    )


def test_the_snapshot_holds_confirmed_hours_by_activity_and_month(world, volunteer):
    partner, _activity = volunteer
    record = _issue(world, partner)
    s = record.snapshot
    assert s["total"] == "6.5" and s["times"] == 3  # the 4 unconfirmed hours are left out
    assert s["partner"]["name"] == "陈昌秀" and s["community"]["name"] == "双龙社区"
    assert sum(row["times"] for row in s["rows"]) == 3
    assert {row["what"] for row in s["rows"]} == {"粉刷幸福小屋", "修理路灯"}
    assert [e["hours"] for e in s["entries"]] == ["3.0", "1.5", "2.0"]
    assert len(record.snapshot_hash) == 64
    assert services.record_corrections(record)["changed"] is False


def test_a_reversal_after_issue_shows_as_corrected_and_the_record_stays(world, volunteer, client):
    partner, _activity = volunteer
    record = _issue(world, partner)
    hash_before = record.snapshot_hash
    counted = partner.hours_entries.filter(confirmation__isnull=False).order_by("date").first()
    services.hours_reverse(entry=counted, reason="记错了人", actor=world.admin)
    record.refresh_from_db()
    assert record.snapshot["total"] == "6.5" and record.snapshot_hash == hash_before
    corrections = services.record_corrections(record)
    assert corrections == {"changed": True, "reversed": 1, "added": 0, "total_now": corrections["total_now"]}
    assert str(corrections["total_now"]) == "3.5"
    page = client.get(reverse("partners_public:record_check", args=[record.check_token]), **EN)
    text = page.content.decode()
    assert "Hours corrected after issue." in text and 'data-state="corrected"' in text
    assert "6.5" in text and "3.5" in text


def test_a_later_confirmation_in_the_period_shows_as_corrected(world, volunteer):
    partner, _activity = volunteer
    record = _issue(world, partner)
    waiting = partner.hours_entries.get(confirmation__isnull=True)
    services.hours_confirm(entry=waiting, actor=world.admin)
    corrections = services.record_corrections(record)
    assert corrections["changed"] and corrections["added"] == 1 and str(corrections["total_now"]) == "10.5"


def test_the_check_page_masks_the_name_shows_no_phone_and_is_noindex(world, volunteer, client):
    partner, _activity = volunteer
    partner.mobile = "13912345678"  # digits that appear nowhere else on the page
    partner.save(update_fields=["mobile"])
    record = _issue(world, partner)
    response = client.get(reverse("partners_public:record_check", args=[record.check_token]), **EN)
    text = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow" and 'name="robots" content="noindex' in text
    assert "陈**" in text and "陈昌秀" not in text and "昌秀" not in text
    assert "13912345678" not in text and "5678" not in text
    assert "000001" in text and "双龙社区" in text and "This record is genuine" in text
    assert "粉刷幸福小屋" in text and "修理路灯" in text
    assert client.get(reverse("partners_public:record_check", args=["nothing-here"])).status_code == 404


def test_the_check_page_is_rate_limited(world, volunteer, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "record_check": "2/m/ip"}
    record = _issue(world, volunteer[0])
    url = reverse("partners_public:record_check", args=[record.check_token])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_staff_issue_on_the_form_and_print_it_with_the_full_name_and_a_qr_code(world, volunteer, login):
    partner, _activity = volunteer
    client = login(world.staff)
    records = reverse("partners:records", args=[world.home.slug, partner.pk])
    response = client.post(
        reverse("partners:record_issue", args=[world.home.slug, partner.pk]),
        {"period_from": _days_ago(60).isoformat(), "period_to": timezone.localdate().isoformat()},
        **EN,
    )
    record = ServiceRecord.objects.get(partner=partner)
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:record", args=[world.home.slug, record.pk])
    paper = client.get(response["Location"], **EN).content.decode()
    assert "陈昌秀" in paper and "000001" in paper and "双龙社区" in paper and "<svg" in paper
    assert record.check_token in paper and partner.mobile not in paper and "<script" not in paper
    listed = client.get(records, **EN).content.decode()
    assert "No. 000001" in listed and "6.5" in listed
    profile = client.get(
        reverse("partners:partner", args=[world.home.slug, partner.pk]), **EN
    ).content.decode()
    assert 'data-section="partners-records"' in profile and "No. 000001" in profile


def test_a_period_without_confirmed_hours_is_refused_on_the_form(world, login):
    partner = person(world)
    client = login(world.staff)
    response = client.post(
        reverse("partners:record_issue", args=[world.home.slug, partner.pk]),
        {"period_from": _days_ago(30).isoformat(), "period_to": _days_ago(1).isoformat()},
        **EN,
    )
    assert response.status_code == 200 and "nothing to certify" in response.content.decode()
    assert not ServiceRecord.objects.exists()
    assert not Counter.objects.filter(name=SERVICE_RECORD_COUNTER, last_number__gt=0).exists()


def test_another_communitys_record_is_404(world, login):
    other = person(
        world, name="桂花志愿者", compound=world.other_compound, community=world.other, actor=world.outsider
    )
    entry(world, other, _days_ago(3), "1.0", description="清扫")
    record = services.service_record_issue(
        partner=other, period_from=_days_ago(5), period_to=_days_ago(1), actor=world.outsider
    )
    client = login(world.admin)
    assert client.get(reverse("partners:record", args=[world.home.slug, record.pk])).status_code == 404
    assert client.get(reverse("partners:records", args=[world.home.slug, other.pk])).status_code == 404


def test_the_demo_issues_one_service_record(client):
    from django.core.management import call_command

    call_command("load_demo")
    record = ServiceRecord.objects.get()
    assert record.partner.name == "肖婷" and record.serial == 1 and record.snapshot["total"] != "0.0"
    page = client.get(reverse("partners_public:record_check", args=[record.check_token]))
    assert page.status_code == 200 and "肖*" in page.content.decode()
    call_command("load_demo")  # twice: still one
    assert ServiceRecord.objects.count() == 1
