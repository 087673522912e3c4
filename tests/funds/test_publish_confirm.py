"""Publishing cannot go quietly wrong: the page names the compound and the levy, shows the preview above the
button, asks for an explicit confirmation, and brings the treasurer back to the levy's page (issue 17)."""

import pytest
from django.urls import reverse

from funds.models import Snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(client, world):
    client.force_login(world.treasurer)
    client.cookies["django_language"] = "en"
    return client


def test_the_publish_page_names_compound_and_levy_and_shows_the_preview_above_the_button(
    world, ledger, treasurer
):
    url = reverse("funds:publish_levy", args=[world.home.slug, ledger.levy.pk])
    page = treasurer.get(url).content.decode()
    assert "<h1>Publish 育才小区 · 安装监控</h1>" in page
    preview = page.index('data-testid="publish-preview"')
    assert preview < page.index('id="publish-form"') < page.index("Publish (cannot be undone)")
    assert "households paid" in page[preview : page.index('id="publish-form"')]
    assert 'type="checkbox" name="confirm"' in page and "this cannot be undone" in page


def test_without_the_confirmation_nothing_is_published(world, ledger, treasurer):
    url = reverse("funds:publish_levy", args=[world.home.slug, ledger.levy.pk])
    response = treasurer.post(url, {"period": "2026年11月"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tick the box to confirm: a published issue cannot be withdrawn." in page
    assert not Snapshot.objects.exists()


def test_after_publishing_the_treasurer_is_back_on_the_levy_page_with_a_link_to_the_public_one(
    world, ledger, treasurer
):
    url = reverse("funds:publish_levy", args=[world.home.slug, ledger.levy.pk])
    response = treasurer.post(url, {"period": "2026年11月", "confirm": "on"}, follow=True)
    snapshot = Snapshot.objects.get()
    assert response.redirect_chain[-1][0] == reverse("funds:levy", args=[world.home.slug, ledger.levy.pk])
    page = response.content.decode()
    public = reverse("funds_public:snapshot", args=[snapshot.board_token, snapshot.pk])
    assert f"Published as issue 1, check code {snapshot.short_hash}." in page
    assert f'<a href="{public}" data-testid="published-link">See the public page</a>' in page
    assert treasurer.get(public).status_code == 200


def test_a_community_wide_fund_names_the_community(world, treasurer):
    from funds import services
    from funds.models import Fund

    wide = services.fund_create(
        community=world.home, compound=None, name="幸福基金", kind=Fund.Kind.HAPPINESS, actor=world.admin
    )
    page = treasurer.get(reverse("funds:publish_fund", args=[world.home.slug, wide.pk])).content.decode()
    assert "<h1>Publish 双龙社区 · 幸福基金</h1>" in page
