"""Private fields of the needs list never reach a public page, a print page or a notice: staff-only updates,
submitters' contacts and names (unless masked by choice), the households and partners who raised a need,
pledges' private notes. A submitter's link shows their own contact only."""

import pytest
from django.urls import reverse

from needs import services
from needs.models import State

from .helpers import need, partner, photo

pytestmark = pytest.mark.django_db

MARK = "PRIVATEMARK"


def _world_with_markers(world):
    world.household.head_name = f"户主{MARK}"
    world.household.save()
    raised = need(world, "楼道灯", raised_by="household", household=world.household)
    who = partner(world, f"合伙人{MARK}")
    by_partner = need(world, "健身器材", raised_by="partner", partner=who)
    services.need_update_add(need=raised, text_value=f"内部{MARK}", public=False, actor=world.staff)
    services.need_set_status(
        need=raised, state=State.DELIBERATION, note=f"内部2{MARK}", public=False, actor=world.staff
    )
    services.pledge_create(
        need=raised, partner=who, kind="materials", item="灯泡", note_private=f"备注{MARK}", actor=world.staff
    )
    sent, token = services.need_submit(
        compound=world.compound,
        title="门口积水",
        category="environment",
        name=f"王{MARK}",
        contact=f"139{MARK}",
        show_name_masked=False,
    )
    services.need_review(need=sent, publish=True, actor=world.staff)
    other, other_token = services.need_submit(
        compound=world.compound, title="路灯", category="safety", contact=f"别人{MARK}"
    )
    services.need_review(need=other, publish=True, actor=world.staff)
    services.need_set_status(need=by_partner, state=State.IN_PROGRESS, actor=world.staff)
    services.need_set_status(
        need=by_partner, state=State.DONE, result="已装好", after_photos=[photo()], actor=world.staff
    )
    services.metoo_add(need=raised, household=world.household)
    from partners.services import partner_link_issue

    link = partner_link_issue(partner=who, actor=world.staff)
    return {"needs": [raised, by_partner, sent, other], "token": token, "partner_link": link}


def test_no_private_field_reaches_a_public_page_print_page_or_notice(client, world):
    found = _world_with_markers(world)
    token = world.compound.public_token
    pages = [
        reverse("public_board", args=[token]),
        reverse("public_notice", args=[token]),
        reverse("public_board", args=[world.home.public_token]),
        reverse("needs_public:list", args=[token]),
        reverse("needs_public:list", args=[token]) + "?show=done",
        reverse("needs_public:notice", args=[token]),
        *[reverse("needs_public:need", args=[token, n.pk]) for n in found["needs"]],
    ]
    # The partner's own link lists their pledges, never the staff's private note on them.
    partner_page = client.get(reverse("partners_public:link", args=[found["partner_link"]])).content.decode()
    assert "灯泡" in partner_page and f"备注{MARK}" not in partner_page
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert MARK not in html, path
    # with masked names turned on by the community, the submitter did not choose it: still no name
    world.home.public_names_masked = True
    world.home.names_version += 1
    world.home.save()
    for path in pages:
        assert MARK not in client.get(path).content.decode(), path


def test_the_submitters_link_shows_their_own_contact_only(client, world):
    found = _world_with_markers(world)
    html = client.get(reverse("needs_public:follow", args=[found["token"]])).content.decode()
    assert f"139{MARK}" in html
    assert f"别人{MARK}" not in html and f"内部{MARK}" not in html and f"备注{MARK}" not in html
    assert client.get(reverse("needs_public:follow", args=["not-a-token"])).status_code == 404


def test_the_markers_are_there_for_staff(world, login):
    """The privacy test's markers are where staff read them, so its absence on public pages means something."""
    found = _world_with_markers(world)
    staff = login(world.staff)
    raised, _by_partner, sent, _other = found["needs"]
    raised_page = staff.get(reverse("needs:need", args=[world.home.slug, raised.pk])).content.decode()
    assert f"内部{MARK}" in raised_page and f"备注{MARK}" in raised_page
    sent_page = staff.get(reverse("needs:need", args=[world.home.slug, sent.pk])).content.decode()
    assert f"139{MARK}" in sent_page and f"王{MARK}" in sent_page
