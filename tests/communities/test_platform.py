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


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_that_runs_only_our_own_scripts(client, world):
    from django.urls import reverse

    for url in (reverse("account_login"), reverse("public_board", args=[world.compound.public_token])):
        policy = _policy(client.get(url))
        assert policy["script-src"] == "'self'", url  # no inline script, no eval, no other host
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert policy["img-src"] == "'self' data:"


def test_no_template_carries_inline_script_or_an_event_handler():
    """What the policy would refuse: an inline <script> or an onclick="…" (use data attributes and
    static/js/app.js instead)."""
    import re

    pattern = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found


def test_no_template_carries_a_style_element():
    """Styles live in static/css/app.css (cached once, one place to change them), not in <style> partials."""
    found = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "<style" in path.read_text(encoding="utf-8").lower()
    ]
    assert not found


def test_production_policy_lets_receipt_photos_come_from_the_s3_store():
    code = (
        "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    base = {
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/hehuo",
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DJANGO_MEDIA_S3_BUCKET": "receipts",
    }
    result = _run_production(
        {**base, "DJANGO_CSP_MEDIA_ORIGINS": "https://receipts.oss-cn-wuhan.aliyuncs.com"},
        "shell",
        "-c",
        code,
    )
    assert result.returncode == 0, result.stderr
    assert "https://receipts.oss-cn-wuhan.aliyuncs.com" in result.stdout and "'https:'" not in result.stdout


def test_with_s3_public_media_has_plain_addresses_and_private_files_signed_ones():
    """Receipt photos sit inside cached public pages: their addresses must not expire. Minutes photos are
    private: signed for 5 minutes at most. boto3 is installed (the `s3` extra), so the store works."""
    code = (
        "from django.core.files.storage import storages; "
        "d, p = storages['default'], storages['private']; "
        "print(type(d).__name__, d.querystring_auth, p.querystring_auth, p.querystring_expire, p.location); "
        "print(d.url('funds/receipts/x.jpg').split('?')[0] == d.url('funds/receipts/x.jpg'))"
    )
    result = _run_production(
        {
            "DJANGO_SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/hehuo",
            "DJANGO_ALLOWED_HOSTS": "example.org",
            "DJANGO_MEDIA_S3_BUCKET": "receipts",
            "DJANGO_MEDIA_S3_ENDPOINT": "https://oss-cn-wuhan.aliyuncs.com",
            "AWS_ACCESS_KEY_ID": "key",
            "AWS_SECRET_ACCESS_KEY": "secret",  # noqa: S105 - a dummy for building addresses offline
        },
        "shell",
        "--no-imports",
        "-c",
        code,
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split("\n")[:2]
    assert first == "S3Storage False True 300 private"
    assert second == "True"
