"""The boards at /p/<token>/: a compound's (its sections, then "my household"), a community's (its compound
boards, then the community-wide sections), their printable notice, and their cache keyed by versions."""

import pytest
from django.db import connection
from django.urls import reverse

from communities import public_cache, services
from communities.models import Community
from tests.factories import CompoundFactory

pytestmark = pytest.mark.django_db


def test_the_community_board_lists_its_compound_boards_only(client, world):
    CompoundFactory(community=world.home, name="西新巷小区")
    response = client.get(reverse("public_board", args=[world.home.public_token]))
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"].startswith("noindex")
    assert "育才小区" in html and "西新巷小区" in html
    assert reverse("public_board", args=[world.compound.public_token]) in html
    assert "桂花苑小区" not in html  # the other community's
    assert 'name="code"' not in html  # a household's code belongs on its compound's board


def test_every_community_has_its_own_token_and_an_unknown_token_is_404(client, world):
    assert world.home.public_token and world.home.public_token != world.other.public_token
    assert client.get(reverse("public_board", args=["no-such-board"])).status_code == 404
    assert client.get(reverse("public_notice", args=["no-such-board"])).status_code == 404


def test_the_printable_notice_carries_the_name_a_qr_code_and_the_short_address(client, world):
    response = client.get(reverse("public_notice", args=[world.compound.public_token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "育才小区" in html
    assert "<svg" in html and 'class="qr"' in html
    assert "http://testserver" + reverse("public_board", args=[world.compound.public_token]) in html
    assert "data-print" in html


def test_a_board_is_served_from_the_cache_until_a_version_moves(
    client, world, django_assert_max_num_queries, shared_cache
):
    url = reverse("public_board", args=[world.compound.public_token])
    first = client.get(url)
    assert first.status_code == 200
    # The cached page: the place and every section's version in one statement; nothing rendered.
    with django_assert_max_num_queries(2):
        again = client.get(url)
    assert again.content.replace(b" ", b"") != b""
    assert 'name="csrfmiddlewaretoken"' in again.content.decode()
    assert public_cache.CSRF_MARK not in again.content.decode()


def test_a_cached_board_takes_its_place_and_every_sections_version_in_two_queries(
    client, world, django_assert_num_queries, shared_cache
):
    """The cached board's cost a visit (issue 14, bench/needs.py): the place, then one statement with the
    versions of the partners', funds' and needs' sections; a change to any of them still shows."""
    url = reverse("public_board", args=[world.compound.public_token])
    client.get(url)
    with django_assert_num_queries(2) as context:
        again = client.get(url)
    assert again.status_code == 200
    versions = context.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":  # prepared on the connection's first board: executed by name
        assert versions.startswith("EXECUTE board_versions_")
    else:
        for table in ("partners_recruitmentcall", "funds_levy", "funds_fund", "needs_need"):
            assert table in versions


def test_the_names_version_is_in_every_board_key(client, world, rf):
    from communities.public_views import board_key

    request = rf.get("/")
    before = {board_key(request, world.compound), board_key(request, world.home)}
    services.community_names_changed(community=world.home)
    world.compound.community.refresh_from_db()
    after = {board_key(request, world.compound), board_key(request, Community.objects.get(pk=world.home.pk))}
    assert not before & after


def _photo():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    return SimpleUploadedFile("minutes.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_masking_names_is_a_setting_that_moves_the_names_version_and_is_audited(login, world):
    client = login(world.admin)
    version = world.home.names_version
    url = reverse("communities:settings", args=[world.home.slug])
    page = client.get(url)
    assert page.status_code == 200 and "communities-public_names_masked" in page.content.decode()

    response = client.post(
        url,
        {
            "section": "communities",
            "communities-public_names_masked": "on",
            # switching on names the residents' meeting that decided it (test_names_decision.py)
            "communities-meeting_name": "居民大会",
            "communities-decided_on": "2026-03-08",
            "communities-minutes_photo": _photo(),
        },
    )

    assert response.status_code == 302
    world.home.refresh_from_db()
    assert world.home.public_names_masked is True
    assert world.home.names_version == version + 1
    assert world.home.audit_entries.filter(action="community.update").exists()


def test_a_head_of_household_change_moves_the_names_version(world):
    version = world.home.names_version
    services.household_change_head(household=world.household, head_name="李四", phone="", actor=world.admin)
    world.home.refresh_from_db()
    assert world.home.names_version == version + 1


def test_a_settings_post_for_an_unknown_section_saves_nothing(login, world):
    client = login(world.admin)
    response = client.post(
        reverse("communities:settings", args=[world.home.slug]),
        {"section": "nope", "communities-public_names_masked": "on"},
        follow=True,
    )
    assert response.status_code == 200
    world.home.refresh_from_db()
    assert world.home.public_names_masked is False
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
