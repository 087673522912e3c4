"""DESIGN's layering: dependencies point one way, downward. A lower app never imports a higher one, and its
templates never name a higher app's URL namespace nor load a higher app's template library; a lower page shows
a higher app's rows through a named slot (communities.slots) instead.

Order: communities < partners < funds < needs < recognition. Templates under templates/<app>/ belong to that
app; every other template (base.html, the error pages, allauth's) belongs to the bottom layer.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("communities", "partners", "funds", "needs", "recognition")
RANK = {app: rank for rank, app in enumerate(APPS)}
BOTTOM = "communities"

URL_TAG = re.compile(r"""{%\s*url\s+['"]([\w:-]+)['"]""")
LOAD_TAG = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def imported_apps(source: str) -> set[str]:
    """The apps of ours a Python module imports (absolute imports; relative ones stay inside the app)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in RANK)
    return found


def namespace_app(url_name: str) -> str | None:
    """`funds_public:levy` -> funds; `communities:home` -> communities; a name without namespace -> None."""
    if ":" not in url_name:
        return None
    namespace = url_name.split(":", 1)[0]
    app = namespace.split("_", 1)[0]
    return app if app in RANK else None


def template_libraries() -> dict[str, str]:
    """{library name: app} for our apps' template tag libraries."""
    return {
        module.stem: app
        for app in APPS
        for module in (ROOT / app / "templatetags").glob("*.py")
        if module.stem != "__init__"
    }


def template_violations(app: str, text: str, libraries: dict[str, str]) -> list[str]:
    """What a template of `app` names of a higher app: URL namespaces and template libraries."""
    problems = []
    for name in URL_TAG.findall(text):
        owner = namespace_app(name)
        if owner and RANK[owner] > RANK[app]:
            problems.append(f"{{% url '{name}' %}} names {owner}")
    for group in LOAD_TAG.findall(text):
        words = group.split()
        if "from" in words:  # {% load yuan from money %}
            words = words[words.index("from") + 1 :]
        for library in words:
            owner = libraries.get(library)
            if owner and RANK[owner] > RANK[app]:
                problems.append(f"{{% load {library} %}} is {owner}'s library")
    return problems


def python_violations(app: str, source: str) -> list[str]:
    return [f"imports {other}" for other in sorted(imported_apps(source)) if RANK[other] > RANK[app]]


def template_owner(path: Path) -> str:
    relative = path.relative_to(ROOT / "templates")
    first = relative.parts[0]
    return first if first in RANK and len(relative.parts) > 1 else BOTTOM


# --- the checks themselves catch what they must ---------------------------------------------------------


def test_the_checks_catch_an_upward_import_url_and_library():
    assert python_violations("communities", "from funds.models import Levy\n") == ["imports funds"]
    assert python_violations("partners", "import needs.services\n") == ["imports needs"]
    assert python_violations("funds", "from communities.models import Household\nfrom . import x\n") == []
    libraries = {"money": "communities", "needsboard": "needs"}
    assert template_violations("communities", "{% url 'funds:dashboard' slug %}", libraries) == [
        "{% url 'funds:dashboard' %} names funds"
    ]
    assert (
        template_violations("funds", "{% url 'funds_public:levy' t 1 %}{% url 'public_board' t %}", libraries)
        == []
    )
    assert template_violations("funds", "{% load i18n needsboard %}", libraries) == [
        "{% load needsboard %} is needs's library"
    ]
    assert template_violations("partners", "{% load thing from needsboard %}", libraries) == [
        "{% load needsboard %} is needs's library"
    ]
    assert template_owner(ROOT / "templates" / "base.html") == BOTTOM
    assert template_owner(ROOT / "templates" / "funds" / "public" / "levy.html") == "funds"


# --- the tree holds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("app", APPS)
def test_no_python_module_imports_a_higher_app(app):
    problems = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for problem in python_violations(app, path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)} {problem}")
    assert not problems, problems


def test_no_template_names_a_higher_apps_url_or_library():
    libraries = template_libraries()
    assert "money" in libraries and libraries["money"] == "communities"
    problems = []
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert templates
    for path in templates:
        app = template_owner(path)
        for problem in template_violations(app, path.read_text(encoding="utf-8"), libraries):
            problems.append(f"{path.relative_to(ROOT)} ({app}): {problem}")
    assert not problems, problems
