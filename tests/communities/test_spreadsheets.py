"""Every roster file the app writes (the staff page, the Django admin, the command, the problems list), read back
as a spreadsheet program reads it: no text a person typed runs as a formula, numbers stay numbers."""

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from communities.models import RosterImport
from tests.factories import BuildingFactory, HouseholdFactory
from tests.spreadsheets import assert_no_formula_in_csv, assert_no_formula_in_xlsx, csv_fields

from .roster_files import xlsx_bytes

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","点我")'


@pytest.fixture
def typed(world):
    """A household whose every text starts as a formula would: building, unit, room, name, phone and notes."""
    building = BuildingFactory(compound=world.compound, label=HYPERLINK)
    return HouseholdFactory(
        compound=world.compound,
        building=building,
        unit="+1单元",
        room="-101",
        head_name="@王五",
        phone="\t13900001111",
        notes="\r=1+2",
        floor_area="85.50",
    )


def roster_rows(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_fix_01_roster_export_of_the_staff_page_writes_no_formula(client, world, typed, fmt):
    client.force_login(world.admin)
    url = reverse("communities:roster_export", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    response = client.get(url, {"format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        assert_no_formula_in_csv(response.content)
        row = next(r for r in csv_fields(response.content) if r[3] == "'-101")
        assert row[1] == "'" + HYPERLINK and row[7] == "85.50"
        return
    assert_no_formula_in_xlsx(response.content)
    row = next(r for r in roster_rows(response.content) if r[3] == "'-101")
    assert row[1:6] == ("'" + HYPERLINK, "'+1单元", "'-101", "'@王五", "'\t13900001111")
    assert row[7] == 85.5  # the floor area stays a number


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_fix_01_roster_export_of_the_command_writes_no_formula(world, typed, tmp_path, fmt):
    target = tmp_path / f"roster.{fmt}"
    call_command(
        "export_households", community=world.home.slug, format=fmt, output=str(target), stdout=io.StringIO()
    )
    data = target.read_bytes()
    if fmt == "csv":
        assert_no_formula_in_csv(data)
    else:
        assert_no_formula_in_xlsx(data)
        assert any(row[1] == "'" + HYPERLINK for row in roster_rows(data))


@pytest.mark.parametrize(("fmt", "index"), [("csv", "0"), ("xlsx", "2")])
def test_fix_01_roster_export_of_the_django_admin_writes_no_formula(client, world, typed, fmt, index):
    get_user_model().objects.create_superuser("platform_x", "platform_x@example.org", "hehuo-test-pass-2026")
    client.login(username="platform_x", password="hehuo-test-pass-2026")
    response = client.post(
        reverse("admin:communities_household_export"),
        {"format": index, "resource": "0", "householdresource_id": "on"},
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        assert_no_formula_in_csv(response.content)
        assert any(row[1] == "'" + HYPERLINK for row in csv_fields(response.content))
    else:
        assert_no_formula_in_xlsx(response.content)
        assert any(row[1] == "'" + HYPERLINK for row in roster_rows(response.content))


def test_fix_01_problems_file_writes_no_formula(client, world):
    """The problems list repeats what the file said (its sheet names, its texts): that is text too."""
    client.force_login(world.admin)
    data = xlsx_bytes({"-1期": [["楼栋", "门牌号", "家庭人口"], ["1栋", "101", "99"]]})
    url = reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    client.post(url, {"file": SimpleUploadedFile("roster.xlsx", data)})
    roster_import = RosterImport.objects.get()
    assert roster_import.error_count == 1
    response = client.get(
        reverse(
            "communities:roster_import_problems", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
        )
    )
    assert_no_formula_in_xlsx(response.content)
    sheet, row, _column, _message = roster_rows(response.content)[1]
    assert (sheet, row) == ("'-1期", 2)
