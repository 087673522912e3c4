"""The permission matrix: every URL of ours, with the answer each persona gets.

A new URL that is not listed fails `test_every_url_is_in_the_matrix`. Each app lists its rows in
`tests/<app>/matrix*.py` as `ROWS = {url name: Case}` built with the helpers of `tests/matrix.py`: a staff page
names its minimum role, a public page says so, and a page showing one object names how to reach another
community's object from inside the home community (which must be a 404).
"""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import PERSONAS, Case

MATRIX: dict[str, Case] = {}
for _path in sorted(Path(__file__).parent.glob("*/matrix*.py")):
    _module = importlib.import_module(f"tests.{_path.parent.name}.{_path.stem}")
    _clash = set(MATRIX) & set(_module.ROWS)
    assert not _clash, f"listed twice in the permission matrix: {_clash}"
    MATRIX.update(_module.ROWS)

# Third-party URL sets with permissions of their own (allauth's sign-in pages; the Django admin is tested
# separately in test_admin.py).
FOREIGN_MODULES = ("allauth.", "django.contrib.admin")


def our_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                module = getattr(p.urlconf_module, "__name__", "") or ""
                if module.startswith(FOREIGN_MODULES) or (p.app_name or "") in {"admin"}:
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                if p.callback.__module__.startswith(FOREIGN_MODULES) and p.name != "set_language":
                    continue
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_url_is_in_the_matrix():
    missing = our_url_names() - set(MATRIX)
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"
    stale = set(MATRIX) - our_url_names()
    assert not stale, f"these matrix rows name no URL: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_persona_answers(name, world, client):
    case = MATRIX[name]
    url = reverse(name, kwargs=case.kwargs(world))
    for persona in PERSONAS:
        client.logout()
        if persona != "anon":
            client.force_login(world.user(persona))
        response = client.get(url)
        assert response.status_code == case.expect[persona], (persona, url, response.status_code)
        if case.login_required and persona == "anon":
            assert response["Location"].startswith(reverse("account_login")), response["Location"]


@pytest.mark.parametrize("name", sorted(n for n, c in MATRIX.items() if c.cross))
def test_another_communitys_object_is_404(name, world, client):
    case = MATRIX[name]
    url = reverse(name, kwargs=case.cross(world))
    client.force_login(world.admin)
    assert client.get(url).status_code == 404
