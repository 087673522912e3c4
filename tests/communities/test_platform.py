import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from communities.models import AuditEntry, Community, Household, Membership

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_load_demo_twice_gives_the_case_once():
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    yucai = Household.objects.filter(compound__name="育才小区")
    assert yucai.count() == 256
    assert yucai.filter(renovation="renovated").count() == 201
    assert Household.objects.filter(compound__name="西新巷小区").count() == 141
    assert sum(h.residents for h in Household.objects.filter(compound__name="西新巷小区")) == 390
    assert Community.objects.get(slug="shuanglong").street == "永安街道"
    assert Community.objects.filter(slug="guihua").exists()
    assert set(Membership.objects.filter(community__slug="shuanglong").values_list("role", flat=True)) == {
        "admin",
        "treasurer",
        "staff",
        "observer",
    }


@pytest.mark.django_db
def test_django_admin_is_for_platform_admins_only(world, client):
    client.force_login(world.admin)
    world.admin.is_staff = True
    world.admin.save()
    assert client.get("/admin/").status_code == 302  # sent to the admin login, not let in
    platform = get_user_model().objects.create_superuser("platform_t", "", "x")
    client.force_login(platform)
    assert client.get("/admin/communities/household/").status_code == 200


@pytest.mark.django_db
def test_platform_admin_invites_a_first_community_admin(world, client):
    platform = get_user_model().objects.create_superuser("platform_t", "", "x")
    client.force_login(platform)
    response = client.post(
        "/admin/communities/community/",
        {"action": "invite_admin", "_selected_action": [world.other.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("/invite/" in m for m in messages)
    assert AuditEntry.objects.filter(action="invitation.create", community=world.other).exists()


def _run_production(env_extra: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_production(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/hehuo", "DJANGO_ALLOWED_HOSTS": "example.org"},
        "check",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_names_each_missing_variable():
    result = _run_production({"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"}, "check")
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr


def test_check_deploy_prints_no_warnings():
    import secrets

    result = _run_production(
        {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/hehuo",
            "DJANGO_ALLOWED_HOSTS": "example.org",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
