"""Every public page's cache key carries the community's names version: a change to whose name may be shown
(a withdrawn consent, the masking choice, a new head of household) shows at the next request."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from communities import public_cache
from communities import services as community_services
from funds import services
from funds.models import Fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(world, ledger):
    """One of each public page: the board, a levy, a fund, a snapshot."""
    fund = services.fund_create(
        community=world.home,
        compound=world.compound,
        name="幸福基金",
        kind=Fund.Kind.HAPPINESS,
        actor=world.admin,
    )
    services.income_record(
        fund=fund,
        kind="donation",
        amount=Decimal("10.00"),
        received_on=datetime.date(2026, 1, 1),
        actor=world.admin,
    )
    snapshot = services.snapshot_publish(levy=ledger.levy, period="2026年11月", actor=world.treasurer)
    token = world.compound.public_token
    return {
        "board": reverse("public_board", args=[token]),
        "levy": reverse("funds_public:levy", args=[token, ledger.levy.pk]),
        "fund": reverse("funds_public:fund", args=[token, fund.pk]),
        "snapshot": reverse("funds_public:snapshot", args=[token, snapshot.pk]),
    }


def keys_used(client, monkeypatch, urls) -> dict[str, set[str]]:
    """The cache keys each page reads or fills."""
    seen: dict[str, set[str]] = {}
    current = {"page": None}
    original_cached, original_get = public_cache.cached, public_cache.cached_get

    def spy_cached(key, render):
        seen.setdefault(current["page"], set()).add(key)
        return original_cached(key, render)

    def spy_get(key):
        seen.setdefault(current["page"], set()).add(key)
        return original_get(key)

    monkeypatch.setattr(public_cache, "cached", spy_cached)
    monkeypatch.setattr(public_cache, "cached_get", spy_get)
    for name, url in urls.items():
        current["page"] = name
        assert client.get(url).status_code == 200, name
    monkeypatch.undo()
    return seen


def test_bumping_the_names_version_changes_the_key_of_every_public_page(client, world, pages, monkeypatch):
    before = keys_used(client, monkeypatch, pages)
    assert set(before) == set(pages), "every page is cached"

    community_services.community_names_changed(community=world.home)

    after = keys_used(client, monkeypatch, pages)
    for name in pages:
        assert before[name] and not (before[name] & after[name]), name


def test_a_new_head_of_household_name_shows_at_once_where_names_are_shown(client, world, ledger):
    community_services.community_update(community=world.home, actor=world.admin, public_names_masked=True)
    household = ledger.charges[0].household
    url = reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk])
    assert "张*" in client.get(url).content.decode()

    community_services.household_change_head(
        household=household, head_name="欧阳娜娜", phone="", actor=world.admin
    )

    assert "欧***" in client.get(url).content.decode()


def test_the_demo_home_lists_what_waits_with_links(client, db):
    from communities.models import Community

    call_command("load_demo")
    community = Community.objects.get(slug="shuanglong")
    staff = community.memberships.get(role="staff").user
    client.force_login(staff)

    html = client.get(reverse("communities:home", args=[community.slug])).content.decode()

    questions = reverse("funds:questions", args=[community.slug])
    assert 'data-waiting="funds.questions"' in html and questions in html
    assert client.get(questions).status_code == 200
    # the nav shows the total on every page of the community
    assert (
        "waiting-badge"
        in client.get(reverse("communities:household_search", args=[community.slug])).content.decode()
    )
