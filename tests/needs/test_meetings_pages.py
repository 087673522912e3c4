"""Pages of meetings and decisions: the result page (each threshold, "not closed", a constant number of queries),
paper ballots with errors next to the field, a household voting online through the gate, the levy opened by a
treasurer from a passed decision (naming its approval), who voted how for admins only, and the privacy test."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from funds.models import Levy
from needs import services
from needs.models import Attendance, Ballot, Meeting
from tests.factories import HouseholdFactory
from tests.needs.helpers import need, photo
from tests.needs.meetings_helpers import estate, meeting, open_decision, vote

MARK = "PRIVMARK"


def _url(name, world, pk):
    return reverse(name, args=[world.home.slug, pk])


def _ten(world):
    compound, homes = estate(world)
    decision = open_decision(world, meeting_=meeting(world, compound=compound))
    return decision, homes


def test_the_result_page_shows_each_threshold_and_marks_a_running_count(world, login):
    decision, homes = _ten(world)
    for home in homes[4:]:
        vote(decision, home, "for")
    for home in homes[:4]:
        vote(decision, home, "against")
    client = login(world.observer)
    html = client.get(_url("needs:decision", world, decision.pk)).content.decode()
    assert 'data-closed="no"' in html and "data-not-closed" in html
    for key in ("participation-households", "agreement-households", "participation-area", "agreement-area"):
        assert f'data-threshold="{key}"' in html
    assert 'data-threshold="agreement-area" data-met="no"' in html
    assert 'data-threshold="agreement-households" data-met="yes"' in html
    with override("zh-hans"):
        assert gettext("It passes by households but fails by floor area.") in html
    assert "360.00" in html and "780.00" in html
    services.decision_close(decision=decision, actor=world.staff)
    html = client.get(_url("needs:decision", world, decision.pk)).content.decode()
    assert 'data-closed="yes"' in html and "data-not-closed" not in html


def test_the_result_page_costs_the_same_queries_for_few_or_many_ballots(world, login, count_queries):
    compound, homes = estate(world, areas=[60] * 40)
    decision = open_decision(world, meeting_=meeting(world, compound=compound))
    for home in homes[:3]:
        vote(decision, home)
    client = login(world.staff)

    def page():
        assert client.get(_url("needs:decision", world, decision.pk)).status_code == 200

    page()
    few = count_queries(page)
    for home in homes[3:]:
        vote(decision, home, "against")
    assert count_queries(page) == few
    services.decision_close(decision=decision, actor=world.staff)
    page()
    assert count_queries(page) <= few


def test_a_paper_ballot_for_an_unknown_room_is_an_error_next_to_the_field(world, login):
    decision, homes = _ten(world)
    client = login(world.staff)
    url = _url("needs:decision_ballots", world, decision.pk)
    response = client.post(url, {"room": "8栋9单元909", "choice": "for"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="field-room"' in html and 'class="field has-error"' in html and "8栋9单元909" in html
    assert not Ballot.objects.filter(decision=decision).exists()
    response = client.post(url, {"room": "1栋1单元101", "choice": "for"})
    assert response.status_code == 302
    second = client.post(url, {"room": "1栋1单元101", "choice": "against"}).content.decode()
    assert 'class="field has-error"' in second
    assert Ballot.objects.filter(decision=decision).count() == 1


def test_a_household_votes_online_through_the_gate(client, world):
    decision, homes = _ten(world)
    token = decision.compound.public_token
    voter = homes[0]
    client.post(reverse("public_board", args=[token]), {"code": voter.access_code})
    page = client.get(reverse("public_household", args=[token])).content.decode()
    with override("zh-hans"):
        assert gettext("Your household votes once, as the owner.") in page
    assert f'data-vote="{decision.pk}"' in page
    client.post(reverse("needs_public:vote", args=[token, decision.pk]), {"choice": "for"})
    ballot = Ballot.objects.get(decision=decision)
    assert ballot.household == voter and ballot.channel == "online" and ballot.recorded_by is None
    again = client.post(
        reverse("needs_public:vote", args=[token, decision.pk]), {"choice": "against"}, follow=True
    )
    assert Ballot.objects.filter(decision=decision).count() == 1
    assert "data-voted" in again.content.decode()


def test_a_vote_without_the_gate_is_refused(client, world):
    decision, _homes = _ten(world)
    token = decision.compound.public_token
    response = client.post(reverse("needs_public:vote", args=[token, decision.pk]), {"choice": "for"})
    assert response.status_code == 302 and not Ballot.objects.exists()


def test_a_treasurer_opens_the_levy_from_the_decision_naming_its_approval(world, login):
    decision, homes = _ten(world)
    for home in homes:
        vote(decision, home)
    decision = services.decision_close(decision=decision, actor=world.staff)
    staff = login(world.staff)
    assert staff.get(_url("needs:decision_levy", world, decision.pk)).status_code == 403
    assert "decision_levy" not in staff.get(_url("needs:decision", world, decision.pk)).content.decode()
    treasurer = login(world.treasurer)
    page = treasurer.get(_url("needs:decision", world, decision.pk)).content.decode()
    assert _url("needs:decision_levy", world, decision.pk) in page
    form = treasurer.get(_url("needs:decision_levy", world, decision.pk)).content.decode()
    assert "安装监控" in form and str(decision.approval) in form
    response = treasurer.post(
        _url("needs:decision_levy", world, decision.pk),
        {
            "compound": decision.compound_id,
            "purpose": "安装监控",
            "basis": "household",
            "amount": "50.00",
            "recurrence": "once",
            "approval": decision.approval_id,
        },
    )
    assert response.status_code == 302
    levy = Levy.objects.get(approval=decision.approval)
    assert levy.charges.count() == 10
    # A need's levies are those of its decisions' approvals (a reverse relation).
    assert list(Levy.objects.filter(approval__decision=decision)) == [levy]


def test_who_voted_how_is_for_admins_only(world, login):
    decision, homes = _ten(world)
    vote(decision, homes[0], "against")
    admin = login(world.admin)
    html = admin.get(_url("needs:decision_votes", world, decision.pk)).content.decode()
    assert 'data-ballot="1栋1单元101"' in html
    for persona in ("observer", "staff", "treasurer"):
        client = login(world.user(persona))
        assert client.get(_url("needs:decision_votes", world, decision.pk)).status_code == 403
        page = client.get(_url("needs:decision", world, decision.pk)).content.decode()
        assert "data-ballot=" not in page


def test_the_staff_household_page_says_voted_never_how(world, login):
    decision, homes = _ten(world)
    vote(decision, homes[0], "against")
    html = (
        login(world.staff)
        .get(reverse("communities:household", args=[world.home.slug, homes[0].pk]))
        .content.decode()
    )
    assert 'data-voted="yes"' in html
    html2 = (
        login(world.staff)
        .get(reverse("communities:household", args=[world.home.slug, homes[1].pk]))
        .content.decode()
    )
    assert 'data-voted="no"' in html2


def test_staff_build_an_agenda_record_attendance_and_minutes_on_their_pages(world, login):
    compound, homes = estate(world)
    n = need(world, title="装监控", compound=compound)
    services.need_set_status(need=n, state="deliberation", actor=world.staff)
    client = login(world.staff)
    response = client.post(
        reverse("needs:meeting_create", args=[world.home.slug]),
        {"kind": "monthly", "compound": compound.pk, "held_on": "2026-06-01", "place": "幸福小屋"},
    )
    assert response.status_code == 302
    m = Meeting.objects.get(compound=compound)
    assert list(m.agenda.values_list("title", flat=True)) == ["装监控"]
    client.post(_url("needs:meeting_agenda", world, m.pk), {"action": "add", "title": "临时动议"})
    assert m.agenda.count() == 2
    response = client.post(
        _url("needs:meeting_attendance", world, m.pk),
        {"rooms": "1栋1单元101, 1栋1单元999", "head_count": "12"},
    )
    assert 'class="field has-error"' in response.content.decode()
    client.post(
        _url("needs:meeting_attendance", world, m.pk),
        {"rooms": "1栋1单元101\n1栋1单元102", "head_count": "12"},
    )
    assert m.attendance.count() == 2
    client.post(_url("needs:meeting_minutes", world, m.pk), {"minutes": "同意", "photo": photo("m.jpg")})
    m.refresh_from_db()
    assert m.minutes_photo.name
    html = client.get(_url("needs:meeting", world, m.pk)).content.decode()
    assert "1栋1单元101" in html and "临时动议" in html


# --- privacy --------------------------------------------------------------------------------------------


def _private_world(world):
    compound, homes = estate(world, areas=[60, 60, 60])
    # A voter's room, an attendee's room, a void's reason, staff-only updates and the minutes carry the marker.
    secret = HouseholdFactory(compound=compound, building=homes[0].building, room=f"{MARK}7", floor_area=60)
    n = need(world, title="装监控", compound=compound)
    services.need_update_add(need=n, text_value=f"内部{MARK}", public=False, actor=world.staff)
    services.need_set_status(
        need=n, state="deliberation", note=f"内部2{MARK}", public=False, actor=world.staff
    )
    m = meeting(world, compound=compound)
    Attendance.objects.create(community=world.home, meeting=m, household=secret)
    services.minutes_save(meeting=m, minutes=f"记录{MARK}", photo=photo("minutes.jpg"), actor=world.staff)
    decision = open_decision(world, meeting_=m, item=m.agenda.get(need=n))
    first = vote(decision, secret, "against")
    services.ballot_void(ballot=first, reason=f"原因{MARK}", actor=world.admin)
    vote(decision, secret, "for")
    services.ballot_paper(decision=decision, room=homes[1].label, choice="against", actor=world.staff)
    m.refresh_from_db()
    return compound, decision, m, secret, homes


@pytest.mark.django_db
def test_no_private_field_of_a_meeting_or_ballot_reaches_a_public_page_or_print(client, world):
    compound, decision, m, secret, homes = _private_world(world)
    token = compound.public_token
    photo_name = m.minutes_photo.name
    pages = [
        reverse("public_board", args=[token]),
        reverse("public_notice", args=[token]),
        reverse("public_board", args=[world.home.public_token]),
        reverse("needs_public:decision", args=[token, decision.pk]),
        reverse("needs_public:list", args=[token]),
        reverse("needs_public:notice", args=[token]),
        reverse("needs_public:need", args=[token, decision.need_id]),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert MARK not in html, path
        assert photo_name not in html, path
        assert "data-ballot=" not in html, path
    # Another household's own page, behind its code: the decision, never another's vote or room.
    client.post(reverse("public_board", args=[token]), {"code": homes[2].access_code})
    html = client.get(reverse("public_household", args=[token])).content.decode()
    assert f'data-vote="{decision.pk}"' in html
    assert MARK not in html and photo_name not in html


def test_the_private_markers_are_where_staff_and_admins_read_them(world, login):
    compound, decision, m, secret, homes = _private_world(world)
    staff = login(world.staff)
    meeting_page = staff.get(_url("needs:meeting", world, m.pk)).content.decode()
    assert MARK in meeting_page and m.minutes_photo.name in meeting_page
    votes = login(world.admin).get(_url("needs:decision_votes", world, decision.pk)).content.decode()
    assert f"原因{MARK}" in votes and secret.label in votes


def test_the_cached_board_moves_with_each_ballot_and_the_close(client, world):
    """The board's page cache is keyed by every section's version, taken in one statement: a ballot cast or a
    decision closed changes the decisions' figures a resident reads on the board at once."""
    decision, homes = _ten(world)
    board = reverse("public_board", args=[decision.compound.public_token])

    def figures() -> str:
        html = client.get(board).content.decode()
        start = html.index(f'data-decision="{decision.pk}"')
        return html[start : html.index("</div>", start)]

    with override("en"):
        client.cookies["django_language"] = "en"
        assert "for 0 · against 0" in figures()
        vote(decision, homes[0], "for")
        assert "for 1 · against 0" in figures()
        vote(decision, homes[1], "against")
        assert "for 1 · against 1" in figures()
        services.decision_close(decision=decision, actor=world.staff)
        assert "not closed" not in figures()


def test_the_result_page_in_chinese_names_votes_for_as_agreeing_not_as_a_levy_purpose(world, login):
    """ "for" is a receipt's purpose (缴费项目) in funds and a vote (同意) here: the vote's words have their own
    context, so the result page never reads as a fee item."""
    decision, homes = _ten(world)
    vote(decision, homes[0], "for")
    client = login(world.staff)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(_url("needs:decision", world, decision.pk)).content.decode()
    assert "<dt>同意</dt>" in html and "缴费项目" not in html
    assert "表决结果" in html
