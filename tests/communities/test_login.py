import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.conftest import PASSWORD, totp_now

pytestmark = pytest.mark.django_db


def _password_step(client, login):
    return client.post(reverse("account_login"), {"login": login, "password": PASSWORD})


def test_treasurer_signs_in_with_password_and_totp(world, client):
    response = _password_step(client, "treasurer_home")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the community home still wants a login.
    assert client.get(reverse("communities:home", kwargs={"slug": world.home.slug})).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(world.totp_secrets["treasurer"])})
    assert response.status_code == 302
    home = client.get(reverse("communities:home", kwargs={"slug": world.home.slug}))
    assert home.status_code == 200 and "育才小区" in home.content.decode()


def test_a_wrong_totp_code_is_refused(world, client):
    _password_step(client, "treasurer_home")
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert client.get(reverse("communities:home", kwargs={"slug": world.home.slug})).status_code == 302


def test_a_recovery_code_works_instead_of_the_phone(world, client):
    codes = RecoveryCodes.activate(world.treasurer).get_unused_codes()
    _password_step(client, "treasurer_home")
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get(reverse("communities:home", kwargs={"slug": world.home.slug})).status_code == 200


def test_staff_sign_in_by_email_too(world, client):
    world.staff.email = "staff@example.org"
    world.staff.save()
    response = _password_step(client, "staff@example.org")
    assert response.status_code == 302
    assert client.get(reverse("communities:home", kwargs={"slug": world.home.slug})).status_code == 200


def test_there_is_no_open_sign_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {"username": "x", "password1": "Abcdef-123456", "password2": "Abcdef-123456"},
    )
    assert "signup_closed" in response.templates[0].name or response.status_code in (403, 404)
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="x").exists()


def test_repeated_wrong_passwords_are_rate_limited(world, client, shared_cache):
    for _ in range(6):
        client.post(reverse("account_login"), {"login": "staff_home", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "staff_home", "password": PASSWORD})
    assert client.get(reverse("communities:home", kwargs={"slug": world.home.slug})).status_code == 302
    assert response.status_code in (200, 429)


def test_sign_in_page_offers_no_sign_up(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in html
    assert reverse("account_reset_password") in html


def test_recovery_codes_page_leads_on_to_the_community(world, client):
    RecoveryCodes.activate(world.treasurer)
    _password_step(client, "treasurer_home")
    client.post(reverse("mfa_authenticate"), {"code": totp_now(world.totp_secrets["treasurer"])})
    # Signed in moments ago with the password: the codes are shown without asking for it again.
    html = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Recovery Codes" in html or "恢复码" in html
    assert f'href="{reverse("home")}"' in html


def test_two_factor_setup_asks_for_the_password_again_only_when_the_sign_in_is_not_recent(
    world, client, monkeypatch
):
    from allauth.account import app_settings as account_settings
    from allauth.mfa.models import Authenticator

    from communities import adapters

    Authenticator.objects.filter(user=world.admin).delete()
    _password_step(client, world.admin.username)
    setup = reverse("mfa_activate_totp")
    response = client.get(setup)
    assert response.status_code == 200 and "authenticator_secret" in response.content.decode()
    later = adapters.time.time() + account_settings.REAUTHENTICATION_TIMEOUT + 1
    monkeypatch.setattr(adapters.time, "time", lambda: later)
    response = client.get(setup)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
