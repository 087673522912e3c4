"""Bidirectional-override characters (U+202A–U+202E, U+2066–U+2069) make `<U+202E>txt.exe` show as `exe.txt`: every
form refuses them, an imported file reports them as a row problem, and services strip them as a last guard."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from communities import services
from communities.models import Compound, Household
from communities.roster.services import roster_import_apply

from .roster_files import csv_bytes

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
OUR_APPS = ["communities", "partners", "funds", "needs", "recognition"]


def our_form_classes() -> list[type]:
    """Every form class defined in our apps' modules (migrations aside)."""
    found = {}
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__.split(".")[0] in OUR_APPS:
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def test_fix_05_every_form_of_ours_refuses_bidi_controls_through_the_shared_base():
    from communities.forms import BidiGuard

    classes = our_form_classes()
    assert len(classes) >= 30  # the walk found the forms of communities, the roster and funds
    assert [cls.__qualname__ for cls in classes if not issubclass(cls, BidiGuard)] == []


@pytest.mark.parametrize("control", CONTROLS)
def test_fix_05_staff_household_form_refuses_each_control_with_a_clear_message(world, login, control):
    client = login(world.admin)
    url = reverse("communities:household_edit", kwargs={"slug": world.home.slug, "pk": world.household.pk})
    data = {
        "building": "1栋",
        "unit": "1单元",
        "room": "501",
        "head_name": "张三",
        "notes": f"{control}txt.exe",
        "occupancy": "occupied",
        "renovation": "renovated",
    }
    with translation.override("en"):
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"notes"}
    assert "invisible direction-changing characters" in response.content.decode()
    world.household.refresh_from_db()
    assert world.household.notes == ""


def test_fix_05_staff_compound_form_refuses_it_in_chinese_too(world, login):
    client = login(world.admin)
    url = reverse("communities:compound_create", kwargs={"slug": world.home.slug})
    response = client.post(url, {"name": f"育才{RLO}小区"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name"}
    assert not Compound.objects.filter(name__contains="育才").exclude(pk=world.compound.pk).exists()


def test_fix_05_imported_file_reports_the_control_as_a_row_problem_naming_the_column(world):
    rows = [
        ["楼栋", "门牌号", "户主姓名", "备注"],
        ["1栋", "101", "王五", ""],
        ["1栋", "102", f"赵{RLO}六", ""],
        ["1栋", "103", "钱七", f"{RLO}txt.exe"],
        [f"2{RLO}栋", "201", "孙八", ""],
    ]
    with translation.override("en"):
        outcome = roster_import_apply(
            community=world.home,
            actor=world.admin,
            data=csv_bytes(rows),
            filename="roster.csv",
            compound=world.compound,
        )
    problems = sorted((p.row, p.column, str(p.message)) for p in outcome.problems)
    assert [(row, column) for row, column, _message in problems] == [
        (3, "户主姓名"),
        (4, "备注"),
        (5, "楼栋"),
    ]
    assert all("invisible direction-changing characters" in message for *_rest, message in problems)
    assert not Household.objects.filter(room__in=["101", "102", "103", "201"]).exists()  # nothing written


def test_fix_05_household_and_compound_services_strip_the_controls(world):
    household = services.household_create(
        compound=world.compound,
        building=f"{RLO}3栋",
        unit="1单元",
        room=f"60{RLO}1",
        head_name=f"王{RLO}五",
        notes=f"{RLO}txt.exe",
        actor=world.admin,
    )
    household.refresh_from_db()
    assert (household.building.label, household.room, household.head_name, household.notes) == (
        "3栋",
        "601",
        "王五",
        "txt.exe",
    )
    services.household_change_head(
        household=household, head_name="\u2066赵六\u2069", phone="", actor=world.admin
    )
    household.refresh_from_db()
    assert household.head_name == "赵六"
    compound = services.compound_create(
        community=world.home, name=f"桂{RLO}园", notes=f"a{RLO}b", actor=world.admin
    )
    assert (compound.name, compound.notes) == ("桂园", "ab")
    invitation, _token = services.invitation_create(
        community=world.home, role="staff", note=f"王{RLO}红", actor=world.admin
    )
    assert invitation.note == "王红"


def test_fix_05_the_django_admin_pages_that_write_use_the_shared_base_too():
    from django.contrib import admin

    from communities.admin_base import ServiceAdmin
    from communities.forms import BidiGuard

    writing = [a for a in admin.site._registry.values() if isinstance(a, ServiceAdmin)]
    assert writing
    assert [type(a).__name__ for a in writing if not issubclass(a.form, BidiGuard)] == []
