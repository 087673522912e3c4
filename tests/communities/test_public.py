import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_household_code_is_recognised_without_an_account(world, client):
    url = reverse("public_board", kwargs={"token": world.compound.public_token})
    world.household.refresh_from_db()
    code = world.household.access_code
    response = client.post(url, {"code": f" {code[:4]}-{code[4:].lower()} "}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("public_household", args=[world.compound.public_token])
    assert "1栋1单元501" in response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")


def test_another_compounds_code_is_not_accepted(world, client):
    url = reverse("public_board", kwargs={"token": world.compound.public_token})
    world.other_household.refresh_from_db()
    response = client.post(url, {"code": world.other_household.access_code}, follow=True)
    assert not response.redirect_chain
    assert response.context["form"].errors["code"]


def test_access_code_attempts_are_rate_limited(world, client, shared_cache):
    url = reverse("public_board", kwargs={"token": world.compound.public_token})
    world.household.refresh_from_db()
    for _ in range(10):
        client.post(url, {"code": "WRONGCODE"})
    # Even the right code is refused now: guessing is throttled per address.
    response = client.post(url, {"code": world.household.access_code}, follow=True)
    assert not response.redirect_chain
    assert response.context["form"].errors["code"]


def test_public_page_shows_no_phone_or_head_name(world, client):
    response = client.get(reverse("public_board", kwargs={"token": world.compound.public_token}))
    html = response.content.decode()
    assert "13812345678" not in html and "张三" not in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_large_text_option_is_remembered(client, db):
    response = client.post(reverse("text_size"), {"size": "large", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert 'class="large-text' in page.content.decode()


def test_text_size_does_not_redirect_elsewhere(client, db):
    response = client.post(reverse("text_size"), {"size": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_chinese_is_the_default_and_english_is_a_switch_away(client, db):
    page = client.get("/")
    assert 'lang="zh-CN"' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/")
    assert 'lang="en"' in page.content.decode()


def test_behind_a_proxy_the_limit_is_per_client_address_from_the_trusted_header(
    world, client, settings, shared_cache
):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    url = reverse("public_board", kwargs={"token": world.compound.public_token})
    world.household.refresh_from_db()
    for _ in range(10):
        client.post(url, {"code": "WRONGCODE"}, HTTP_X_REAL_IP="203.0.113.7")
    blocked = client.post(
        url, {"code": world.household.access_code}, HTTP_X_REAL_IP="203.0.113.7", follow=True
    )
    assert not blocked.redirect_chain
    # Another resident behind the same proxy is not locked out.
    other = client.post(url, {"code": world.household.access_code}, HTTP_X_REAL_IP="203.0.113.8", follow=True)
    assert other.context["household"] == world.household
