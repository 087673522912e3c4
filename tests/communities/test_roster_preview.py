"""The roster preview warns: which rows were skipped and why, the file's totals, the first rows as they will be
stored, and the columns that were not found with what that means (issue 17, "An import that warns")."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from communities.models import Household, RosterImport

from .roster_files import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

# The office's own file: a title row, a blank row, the column names (no renovation column), households with a
# blank line among them, a 合计 row, and Excel's trailing empty rows.
OFFICE_FILE = [
    ["育才小区住户花名册（2024年）", "", "", "", "", ""],
    ["", "", "", "", "", ""],
    ["楼栋", "单元", "门牌号", "户主姓名", "联系电话", "家庭人口"],
    ["1栋", "1", "101", "王五", "13900001111", "3"],
    ["1栋", "1", "102", "赵六", "13900002222", "2"],
    ["", "", "", "", "", ""],
    ["2栋", "1", "201", "钱七", "", "4"],
    ["2栋", "1", "202", "孙八", "13900003333", ""],
    ["合计", "", "", "", "", "9"],
    ["", "", "", "", "", ""],
    ["", "", "", "", "", ""],
]


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    session = client.session
    session["django_language"] = "en"
    session.save()
    client.cookies["django_language"] = "en"
    return client


def upload(client, world, data, name="花名册.xlsx"):
    url = reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_preview_lists_skipped_rows_with_their_numbers_and_why(admin_client, world):
    page = upload(admin_client, world, xlsx_bytes({"Sheet1": OFFICE_FILE})).content.decode()
    report = RosterImport.objects.get().report
    assert [(s["row"], s["why"]) for s in report["skipped"]] == [
        (1, "title"),
        (2, "blank"),
        (6, "blank"),
        (9, "total"),
    ]  # the trailing empty rows 10 and 11 are no rows of the file for a person: not listed
    assert report["skipped"][0]["text"] == "育才小区住户花名册（2024年）"
    assert "4 rows skipped" in page
    assert "row 1 · title row, above the column names" in page
    assert "“育才小区住户花名册（2024年）”" in page
    assert "row 9 · total row (合计), not a household" in page
    assert "row 6 · blank" in page


def test_preview_shows_household_and_resident_totals(admin_client, world):
    page = upload(admin_client, world, xlsx_bytes({"Sheet1": OFFICE_FILE})).content.decode()
    totals = RosterImport.objects.get().report["totals"]
    assert totals == {"households": 4, "residents": 9, "without_residents": 1}
    assert '<dd id="total-households">4</dd>' in page
    assert (
        '<dd id="total-residents">9 <small class="muted">(1 household without a number)</small></dd>' in page
    )


def test_preview_shows_the_first_five_rows_as_they_will_be_stored(admin_client, world):
    rows = [["楼栋", "门牌号", "户主姓名", "装修状态"]] + [
        ["3栋", str(300 + n), f"住户{n}", "是" if n % 2 else ""] for n in range(1, 8)
    ]
    page = upload(admin_client, world, csv_bytes(rows), name="r.csv").content.decode()
    sample = RosterImport.objects.get().report["sample"]
    assert [s["label"] for s in sample] == ["3栋301", "3栋302", "3栋303", "3栋304", "3栋305"]
    # As stored: 是 is "renovated", an empty cell of a new household the default, "not renovated".
    assert [s["renovation"] for s in sample] == [
        "renovated",
        "not renovated",
        "renovated",
        "not renovated",
        "renovated",
    ]
    assert {s["occupancy"] for s in sample} == {"occupied"}
    assert [s["row"] for s in sample] == [2, 3, 4, 5, 6]
    assert "The first 5 rows as they will be stored" in page
    assert "住户5" in page and "住户6" not in page


def test_a_file_without_a_renovation_column_warns_with_the_numbers(admin_client, world):
    page = upload(admin_client, world, xlsx_bytes({"Sheet1": OFFICE_FILE})).content.decode()
    warnings = RosterImport.objects.get().report["warnings"]
    renovation = (
        "No renovation column: all 4 households will be recorded as not renovated (未装修); a levy limited "
        "to renovated households will charge none of them."
    )
    assert warnings[0] == renovation
    assert "No occupancy column: the 4 new households will be recorded as occupied." in warnings
    assert "No floor-area column: the floor area of the 4 new households stays empty." in warnings
    assert not any(w.startswith(("No phone column", "No residents column", "No head")) for w in warnings)
    assert 'data-testid="import-warnings"' in page and renovation in page
    # The warning does not block: the import can be confirmed, and does what it said.
    assert "Confirm the import" in page
    roster_import = RosterImport.objects.get()
    admin_client.post(
        reverse("communities:roster_import_confirm", kwargs={"slug": world.home.slug, "pk": roster_import.pk})
    )
    imported = Household.objects.filter(compound=world.compound).exclude(pk=world.household.pk)
    assert imported.count() == 4
    assert set(imported.values_list("renovation", flat=True)) == {Household.Renovation.UNRENOVATED}


def test_the_warning_counts_new_households_apart_from_those_already_in_the_roster(admin_client, world):
    existing = world.household  # 1栋1单元, room 501
    rows = [
        ["楼栋", "单元", "门牌号", "户主姓名", "家庭人口"],
        [existing.building.label, "1", existing.room, existing.head_name, "3"],
        ["1栋", "1", "502", "周九", "1"],
    ]
    upload(admin_client, world, csv_bytes(rows), name="r.csv")
    warnings = RosterImport.objects.get().report["warnings"]
    assert warnings[0] == (
        "No renovation column: the 1 new household will be recorded as not renovated (未装修), and a levy "
        "limited to renovated households will not charge it. The 1 household already in the roster keeps "
        "its renovation status."
    )


def test_an_empty_renovation_column_warns_like_a_missing_one(admin_client, world):
    rows = [["楼栋", "门牌号", "户主姓名", "装修状态", "入住状态"], ["1栋", "601", "甲", "", "已入住"]]
    upload(admin_client, world, csv_bytes(rows), name="r.csv")
    warnings = RosterImport.objects.get().report["warnings"]
    assert warnings[0].startswith("No renovation column: the 1 household will be recorded as not renovated")
    assert not any(w.startswith("No occupancy column") for w in warnings)


def test_a_complete_file_has_no_warning(admin_client, world):
    rows = [
        ["楼栋", "门牌号", "户主姓名", "联系电话", "家庭人口", "面积", "装修状态", "入住状态"],
        ["1栋", "601", "甲", "13900001111", "2", "80", "已装修", "已入住"],
    ]
    page = upload(admin_client, world, csv_bytes(rows), name="r.csv").content.decode()
    assert RosterImport.objects.get().report["warnings"] == []
    assert 'data-testid="import-warnings"' not in page


def test_command_line_json_carries_skipped_rows_and_warnings(world, tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(xlsx_bytes({"Sheet1": OFFICE_FILE}))
    out = io.StringIO()
    call_command(
        "import_households",
        str(path),
        "--community",
        world.home.slug,
        "--compound",
        world.compound.name,
        "--dry-run",
        "--json",
        "--language",
        "en",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert [(s["row"], s["why"]) for s in result["skipped"]] == [
        (1, "title"),
        (2, "blank"),
        (6, "blank"),
        (9, "total"),
    ]
    assert result["warnings"][0].startswith("No renovation column: all 4 households")
    assert result["totals"] == {"households": 4, "residents": 9, "without_residents": 1}
    assert result["new"] == 4


def test_the_warning_reads_in_chinese_for_a_chinese_upload(client, world):
    client.force_login(world.admin)
    upload(client, world, xlsx_bytes({"Sheet1": OFFICE_FILE}))
    warning = RosterImport.objects.get().report["warnings"][0]
    assert "未装修" in warning and "4" in warning and "No renovation" not in warning


# --- the way in: an empty compound leads to the import; the roster page puts the import first --------------


def test_an_empty_compounds_page_leads_to_the_roster_import_first(admin_client, world):
    empty = world.compound.__class__.objects.create(community=world.home, name="新建小区")
    page = admin_client.get(
        reverse("communities:compound", kwargs={"slug": world.home.slug, "pk": empty.pk})
    ).content.decode()
    roster = reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": empty.pk})
    one_by_one = reverse("communities:household_create", kwargs={"slug": world.home.slug, "pk": empty.pk})
    assert 'data-testid="empty-compound"' in page
    assert page.index(f'href="{roster}"') < page.index(f'href="{one_by_one}"')
    assert "Import the roster (Excel or CSV)" in page and "Or add households one by one" in page
    # A compound with households shows its list, without the empty-compound card.
    full = admin_client.get(
        reverse("communities:compound", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    ).content.decode()
    assert 'data-testid="empty-compound"' not in full


def test_the_roster_page_puts_the_import_first_and_offers_create_compounds_only_where_it_applies(
    admin_client, world
):
    url = reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    page = admin_client.get(url).content.decode()
    assert page.index("Import the office's spreadsheet") < page.index("Download as Excel (.xlsx)")
    assert 'name="create_compounds"' not in page  # every row goes to this compound
    # A file naming a compound that does not exist: the preview offers to upload it again creating it.
    rows = [["小区", "楼栋", "门牌号", "户主姓名"], ["西新巷小区", "1栋", "101", "甲"]]
    preview = upload(admin_client, world, csv_bytes(rows), name="r.csv").content.decode()
    assert RosterImport.objects.get().report["unknown_scopes"] == ["西新巷小区"]
    offer = f'href="{url}?create_compounds=1" data-testid="offer-create-compounds"'
    assert offer in preview
    page = admin_client.get(url + "?create_compounds=1").content.decode()
    assert 'name="create_compounds"' in page and 'name="offer_create_compounds" value="1"' in page
    response = admin_client.post(
        url,
        {
            "file": SimpleUploadedFile("r.csv", csv_bytes(rows)),
            "create_compounds": "on",
            "offer_create_compounds": "1",
        },
        follow=True,
    )
    latest = RosterImport.objects.latest("pk")
    assert latest.create_compounds and latest.error_count == 0 and latest.counts["new"] == 1
    assert "Confirm the import" in response.content.decode()
