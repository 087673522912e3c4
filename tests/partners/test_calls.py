"""Recruitment calls through the pages: the board shows them, anyone answers on a phone, staff review; the
application link opens that application only; no enumeration of known phones; consent withdrawal empties
every public page of the name."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from partners import services
from partners.models import Application, Partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(world):
    return services.call_create(
        community=world.home,
        compound=world.compound,
        title="幸福合伙人招募令",
        wanted="楼栋长 × 8\n电工\n油漆",
        until=timezone.localdate() + datetime.timedelta(days=30),
        actor=world.staff,
    )


def answer(client, call, **overrides):
    data = {
        "form": "person",
        "name": "袁阿姨",
        "mobile": "139 0000 0001",
        "kind": "active_resident",
        "offers": ["labour"],
        "skill_tags": "腰鼓",
        "consent_data_use": "on",
        "consent_public_naming": "on",
        **overrides,
    }
    return client.post(reverse("partners_public:call", args=[call.public_token]), data)


def link_of(response) -> str:
    return re.search(r'value="(http://testserver/a/[^"]+)"', response.content.decode()).group(1)


def test_the_board_shows_the_open_call_and_its_poster_prints(client, world, call, login):
    board = client.get(reverse("public_board", args=[world.compound.public_token])).content.decode()
    assert "幸福合伙人招募令" in board
    assert reverse("partners_public:call", args=[call.public_token]) in board
    poster = login(world.staff).get(reverse("partners:call_poster", args=[world.home.slug, call.pk]))
    assert poster.status_code == 200 and "<svg" in poster.content.decode()
    services.call_close(call=call, actor=world.staff)
    client.logout()
    board = client.get(reverse("public_board", args=[world.compound.public_token])).content.decode()
    assert "幸福合伙人招募令" not in board


def test_an_answer_becomes_a_partner_when_staff_accept_it(client, world, call, login):
    response = answer(client, call)
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.mobile == "13900000001" and application.offers == ["labour"]
    assert not Partner.objects.exists()

    staff = login(world.staff)
    accepted = staff.post(
        reverse("partners:application", args=[world.home.slug, application.pk]), {"action": "accept"}
    )

    partner = Partner.objects.get()
    assert accepted.status_code == 302 and accepted["Location"].endswith(f"/partners/{partner.pk}/")
    assert partner.name == "袁阿姨" and partner.skill_tags == "腰鼓"
    assert set(partner.consents.values_list("purpose", flat=True)) == {"data_use", "public_naming"}


def test_the_same_confirmation_for_a_known_and_an_unknown_phone(client, world, call):
    services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True),
        form="person",
        name="王大叔",
        kind="volunteer",
        mobile="13900000002",
    )
    known = answer(client, call, name="王大叔", mobile="13900000002")
    unknown = answer(client, call, name="李奶奶", mobile="13900000003")

    def without_links(response):
        html = response.content.decode()
        html = re.sub(r"/a/[^\"]+", "/a/TOKEN", html)
        return (
            re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
            .replace("王大叔", "X")
            .replace("李奶奶", "X")
        )

    assert known.status_code == unknown.status_code == 200
    assert without_links(known) == without_links(unknown)
    assert Application.objects.get(name="王大叔").matched_partner is not None


def test_the_application_link_opens_only_that_application_even_for_a_known_phone(client, world, call):
    partner = services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True),
        form="person",
        name="王大叔",
        kind="volunteer",
        mobile="13900000002",
        notes="钥匙放在门卫室",
        skill_tags="象棋",
    )
    link = link_of(answer(client, call, name="王大叔", mobile="13900000002"))
    page = client.get(link.replace("http://testserver", ""))
    html = page.content.decode()
    assert page.status_code == 200 and "幸福合伙人招募令" in html
    assert "钥匙放在门卫室" not in html and "象棋" not in html  # nothing of the partner's record
    assert reverse("partners:partner", args=[world.home.slug, partner.pk]) not in html
    assert page["X-Robots-Tag"].startswith("noindex") and page["Referrer-Policy"] == "same-origin"


def test_a_question_is_answered_and_an_application_withdrawn_on_its_link(client, world, call, login):
    link = link_of(answer(client, call)).replace("http://testserver", "")
    application = Application.objects.get()
    login(world.staff).post(
        reverse("partners:application", args=[world.home.slug, application.pk]),
        {"action": "ask", "text": "您住几栋？"},
    )
    client.logout()
    assert "您住几栋？" in client.get(link).content.decode()
    client.post(link, {"answer": "3栋"})
    application.refresh_from_db()
    assert application.answer == "3栋" and application.state == Application.State.PENDING
    client.post(link + "withdraw/")
    application.refresh_from_db()
    assert application.state == Application.State.WITHDRAWN


def test_declining_needs_a_reason(world, call, client, login):
    answer(client, call)
    application = Application.objects.get()
    url = reverse("partners:application", args=[world.home.slug, application.pk])
    refused = login(world.staff).post(url, {"action": "decline", "text": ""})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert Application.objects.get().state == Application.State.PENDING


def test_a_bad_phone_or_missing_consent_is_shown_by_its_field_and_the_rest_kept(client, call):
    response = answer(client, call, mobile="1390000001", consent_data_use="")
    html = response.content.decode()
    form = response.context["form"]
    assert "consent_data_use" in form.errors
    assert 'value="袁阿姨"' in html and not Application.objects.exists()
    response = answer(client, call, mobile="1390000001")
    assert response.context["form"].errors["mobile"] and 'value="袁阿姨"' in response.content.decode()


def test_answers_are_rate_limited(client, call):
    for n in range(3):
        answer(client, call, name=f"居民{n}", mobile=f"1390000000{n}")
    blocked = answer(client, call, name="居民9", mobile="13900000009")
    assert blocked.context["form"].non_field_errors()
    assert Application.objects.count() == 3


def test_a_withdrawn_public_naming_leaves_the_board_at_once(client, world):
    leader = services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True, public_naming=True),
        form="person",
        name="王建国",
        kind="active_resident",
    )
    services.assignment_create(
        partner=leader,
        role="building_leader",
        compound=world.compound,
        building=world.household.building,
        actor=world.staff,
    )
    board = reverse("public_board", args=[world.compound.public_token])
    assert "王**" in client.get(board).content.decode()  # cached now
    version = Community.objects.get(pk=world.home.pk).names_version

    services.consent_record(
        partner=leader, purpose="public_naming", given=False, how="paper", actor=world.staff
    )

    assert Community.objects.get(pk=world.home.pk).names_version > version
    html = client.get(board).content.decode()
    assert "王**" not in html and "王建国" not in html
