"""The roster pages a community admin uses: upload, preview, confirm, result, history, missing, export."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from communities.models import AuditEntry, Household, RosterImport

from .roster_files import HEADER, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    HEADER,
    ["育才小区", "1栋", "1单元", "101", "王五", "13900001111", "3", "85.5", "已装修", "已入住", ""],
    ["育才小区", "1号楼", "1", "102", "赵六", "0715-8123456", "二", "", "否", "空置", ""],
]
BAD = [
    ["楼栋", "门牌号", "户主姓名", "联系电话", "家庭人口"],
    ["1栋", "101", "王五", "12345", "3"],
    ["1栋", "102", "赵六", "13900001111", "99"],
]


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    session = client.session
    session["django_language"] = "en"
    session.save()
    client.cookies["django_language"] = "en"
    return client


def upload(client, world, data, name="roster.xlsx", **extra):
    url = reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, data), **extra}, follow=True)


def test_upload_preview_confirm_result(admin_client, world):
    response = upload(admin_client, world, xlsx_bytes({"一期": GOOD}))
    roster_import = RosterImport.objects.get()
    assert response.redirect_chain[-1][0].endswith(f"/roster/imports/{roster_import.pk}/")
    page = response.content.decode()
    assert roster_import.status == RosterImport.Status.PREVIEW
    assert '<span class="num" id="count-new">2</span>' in page
    assert '<span class="num" id="count-missing">1</span>' in page  # the fixture's 张三 is not in the file
    assert "Confirm the import" in page
    assert (
        reverse(
            "communities:roster_import_moved_out", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
        )
        in page
    )  # the missing household can be looked at before confirming
    assert not Household.objects.filter(head_name="王五").exists()  # a preview writes nothing

    url = reverse(
        "communities:roster_import_confirm", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
    )
    page = admin_client.post(url, follow=True).content.decode()
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert roster_import.applied_by == world.admin
    assert "The roster was imported." in page
    assert Household.objects.get(head_name="赵六").residents == 2
    entry = AuditEntry.objects.get(action="roster.import")
    assert entry.actor == world.admin and entry.changes["new"] == [None, 2]

    # The same file again: nothing new, nothing changed.
    upload(admin_client, world, xlsx_bytes({"一期": GOOD}))
    again = RosterImport.objects.latest("pk")
    assert (again.counts["new"], again.counts["changed"], again.counts["unchanged"]) == (0, 0, 2)


def test_problems_are_listed_with_row_and_column_and_cannot_be_confirmed(admin_client, world):
    page = upload(admin_client, world, csv_bytes(BAD, "gbk"), "roster.csv").content.decode()
    roster_import = RosterImport.objects.get()
    assert roster_import.error_count == 2
    assert "2 problems" in page
    assert "row 2 · 联系电话" in page and "“12345” is not a phone number" in page
    assert "row 3 · 家庭人口" in page
    assert "Confirm the import" not in page
    url = reverse(
        "communities:roster_import_confirm", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
    )
    admin_client.post(url)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEW
    assert not Household.objects.filter(head_name="王五").exists()


def test_a_file_that_is_no_spreadsheet_says_so(admin_client, world):
    page = upload(admin_client, world, b"\x00\x01\x02\xff\xfe\x00garbage" * 10, "roster.csv").content.decode()
    assert RosterImport.objects.get().status == RosterImport.Status.FAILED
    assert "neither a spreadsheet nor readable text" in page


def test_upload_without_a_file_is_a_form_error(admin_client, world):
    url = reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    response = admin_client.post(url, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not RosterImport.objects.exists()


def test_progress_fragment_for_htmx_reloads_the_page_when_done(admin_client, world):
    upload(admin_client, world, xlsx_bytes({"一期": GOOD}))
    roster_import = RosterImport.objects.get()
    url = reverse(
        "communities:roster_import_progress", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
    )
    response = admin_client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    RosterImport.objects.filter(pk=roster_import.pk).update(status=RosterImport.Status.APPLYING, progress=40)
    response = admin_client.get(url, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "HX-Refresh" not in response
    assert 'hx-trigger="every 1s"' in body and 'value="40"' in body


def test_missing_households_can_be_marked_moved_out(admin_client, world):
    upload(admin_client, world, xlsx_bytes({"一期": GOOD}))
    roster_import = RosterImport.objects.get()
    kwargs = {"slug": world.home.slug, "pk": roster_import.pk}
    admin_client.post(reverse("communities:roster_import_confirm", kwargs=kwargs))
    url = reverse("communities:roster_import_moved_out", kwargs=kwargs)
    page = admin_client.get(url).content.decode()
    assert world.household.label in page
    assert " checked" not in page  # nothing is ticked for the admin: a partial file is not a move-out list
    admin_client.post(url, {"household": [str(world.household.pk)]})
    world.household.refresh_from_db()
    assert world.household.occupancy == Household.Occupancy.MOVED_OUT
    assert "No household is missing any more." in admin_client.get(url).content.decode()


def test_problems_download_as_a_spreadsheet_with_row_column_and_message(admin_client, world):
    import io

    import openpyxl

    page = upload(admin_client, world, csv_bytes(BAD, "gbk"), "二期.csv")
    roster_import = RosterImport.objects.get()
    url = reverse(
        "communities:roster_import_problems", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
    )
    assert url in page.content.decode()
    response = admin_client.get(url, headers={"Accept-Language": "en"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("sheet", "row", "column", "problem")
    assert [(r[1], r[2]) for r in rows[1:]] == [(2, "联系电话"), (3, "家庭人口")]
    assert "12345" in rows[1][3]


def test_an_import_without_problems_has_no_problem_list(admin_client, world):
    upload(admin_client, world, xlsx_bytes({"一期": GOOD}))
    roster_import = RosterImport.objects.get()
    url = reverse(
        "communities:roster_import_problems", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
    )
    assert admin_client.get(url).status_code == 404


def test_a_file_the_worker_has_not_started_on_says_so_after_a_minute(admin_client, world):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    roster_import = RosterImport(community=world.home, compound=world.compound, filename="r.csv")
    roster_import.file.save("r.csv", ContentFile(csv_bytes(GOOD)), save=False)
    roster_import.save()  # queued, and no worker picks it up
    url = reverse("communities:roster_import", kwargs={"slug": world.home.slug, "pk": roster_import.pk})
    assert 'data-testid="worker-waiting"' not in admin_client.get(url).content.decode()
    queued = RosterImport.objects.filter(pk=roster_import.pk)
    queued.update(queued_at=timezone.now() - datetime.timedelta(minutes=2))
    assert 'data-testid="worker-waiting"' in admin_client.get(url).content.decode()
    queued.update(status=RosterImport.Status.APPLYING, progress=5)  # the worker has begun
    assert 'data-testid="worker-waiting"' not in admin_client.get(url).content.decode()


def test_original_file_is_kept_and_downloadable(admin_client, world):
    data = csv_bytes(GOOD, "gbk")
    upload(admin_client, world, data, "二期花名册.csv")
    roster_import = RosterImport.objects.get()
    url = reverse("communities:roster_import_file", kwargs={"slug": world.home.slug, "pk": roster_import.pk})
    response = admin_client.get(url)
    assert b"".join(response.streaming_content) == data
    assert "attachment" in response["Content-Disposition"]


def test_history_lists_imports_without_growing_queries(admin_client, world, django_assert_max_num_queries):
    url = reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    for _ in range(3):
        upload(admin_client, world, xlsx_bytes({"一期": GOOD}))
    with django_assert_max_num_queries(12):
        page = admin_client.get(url).content.decode()
    assert page.count("roster.xlsx") == 3
    for _ in range(5):
        upload(admin_client, world, xlsx_bytes({"一期": GOOD}))
    with django_assert_max_num_queries(12):
        admin_client.get(url)


def test_export_downloads_with_the_canonical_header(admin_client, world):
    url = reverse("communities:roster_export", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    response = admin_client.get(url + "?format=csv")
    text = response.content.decode("utf-8-sig")
    assert (
        text.splitlines()[0]
        == "compound,building,unit,room,head of household,phone,residents,floor area,renovation,occupancy,notes"
    )
    assert world.household.head_name in text
    response = admin_client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content.startswith(b"PK")


def test_compound_page_links_to_the_roster_for_admins_only(client, world):
    url = reverse("communities:compound", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    roster_url = reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    client.force_login(world.admin)
    assert roster_url in client.get(url).content.decode()
    client.force_login(world.staff)
    assert roster_url not in client.get(url).content.decode()


# --- one engine: the page, the command line and the admin agree --------------------------------------


def cli_json(world, data, tmp_path, *extra, filename="roster.xlsx", status=None):
    """`import_households FILE --json` as someone at a shell runs it; checks the exit status when given."""
    path = tmp_path / filename
    path.write_bytes(data)
    out = io.StringIO()
    code = 0
    try:
        call_command(
            "import_households",
            str(path),
            "--community",
            world.home.slug,
            "--compound",
            world.compound.name,
            "--json",
            "--language",
            "en",
            *extra,
            stdout=out,
        )
    except SystemExit as exit_info:  # exit status 1: the file has problems
        code = exit_info.code
    if status is not None:
        assert code == status
    return json.loads(out.getvalue())


MIXED = [
    ["楼栋", "单元", "门牌号", "户主姓名", "联系电话", "家庭人口"],
    ["1栋", "1", "101", "王五", "13900001111", "3"],
    ["2号楼", "2", "201", "赵六", "", "四"],
]


def test_page_command_line_and_admin_give_the_same_result(admin_client, world, tmp_path, client):
    data = xlsx_bytes({"一期": MIXED, "二期": [["楼栋", "门牌号", "人口"], ["3栋", "301", "很多"]]})
    keys = ("new", "changed", "unchanged", "missing")
    cli = cli_json(world, data, tmp_path, "--dry-run")
    assert {k: cli[k] for k in keys} == {"new": 2, "changed": 0, "unchanged": 0, "missing": 1}
    assert [(e["sheet"], e["row"], e["column"]) for e in cli["errors"]] == [("二期", 2, "人口")]

    upload(admin_client, world, data)
    page = RosterImport.objects.get()

    from django.contrib.auth import get_user_model

    platform = get_user_model().objects.create_superuser("platform_t", "", "x")
    client.force_login(platform)
    response = client.post(
        reverse("admin:communities_household_import"),
        {
            "community": world.home.pk,
            "compound": world.compound.pk,
            "file": SimpleUploadedFile("r.xlsx", data),
        },
        headers={"Accept-Language": "en"},
    )
    admin_import = RosterImport.objects.exclude(pk=page.pk).get()
    assert response["Location"] == reverse("admin:communities_rosterimport_change", args=[admin_import.pk])
    for outcome in (page, admin_import):
        assert {k: outcome.counts[k] for k in keys} == {k: cli[k] for k in keys}
        assert outcome.errors == cli["errors"]
    assert client.get(response["Location"]).status_code == 200


def test_admin_export_writes_the_roster_columns(client, world):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("platform_t", "", "x"))
    assert client.get(reverse("admin:communities_household_changelist")).status_code == 200
    assert client.get(reverse("admin:communities_household_import")).status_code == 200
    from django.contrib import admin as django_admin

    from communities.admin import HouseholdAdmin

    model_admin = HouseholdAdmin(Household, django_admin.site)
    with translation.override("zh-hans"):
        dataset = model_admin.get_export_resource_classes(None)[0]().export(
            Household.objects.filter(community=world.home)
        )
    assert dataset.headers[:4] == ["小区", "楼栋", "单元", "门牌号"]
    assert dataset[0][4] == world.household.head_name


def test_admin_export_of_too_many_households_asks_for_a_narrower_list(client, world, monkeypatch):
    from django.contrib.auth import get_user_model

    from communities.roster import admin as roster_admin

    client.force_login(get_user_model().objects.create_superuser("platform_t", "", "x"))
    url = reverse("admin:communities_household_export")
    form = {"format": "2", "resource": "0", "householdresource_id": "on"}  # 2: xlsx
    response = client.post(url, form, headers={"Accept-Language": "en"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    monkeypatch.setattr(roster_admin, "ADMIN_EXPORT_LIMIT", Household.objects.count() - 1)
    response = client.post(url, form, headers={"Accept-Language": "en"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "more than the admin exports at once" in response.content.decode()
    assert "export_households" in response.content.decode()


def test_command_line_errors_are_json_with_exit_status_1(world, tmp_path):
    result = cli_json(world, csv_bytes(BAD, "gb18030"), tmp_path, filename="bad.csv", status=1)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "联系电话"), (3, "家庭人口")]
    assert result["errors"][0]["sheet"] == ""
    assert not Household.objects.filter(head_name="王五").exists()


def test_command_line_import_then_export_round_trip(world, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes(GOOD))
    out = io.StringIO()
    call_command("import_households", str(path), "--community", world.home.slug, "--json", stdout=out)
    assert json.loads(out.getvalue())["new"] == 2
    assert RosterImport.objects.get().filename == "in.csv"  # the command line import is in the history too
    exported = tmp_path / "out.xlsx"
    call_command(
        "export_households",
        "--community",
        world.home.slug,
        "--compound",
        "育才小区",
        "--format",
        "xlsx",
        "-o",
        str(exported),
        stdout=io.StringIO(),
    )
    out = io.StringIO()
    call_command(
        "import_households", str(exported), "--community", world.home.slug, "--dry-run", "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    keys = ("new", "changed", "unchanged", "missing", "errors")
    assert {k: result[k] for k in keys} == {
        "new": 0,
        "changed": 0,
        "unchanged": 3,
        "missing": 0,
        "errors": [],
    }
    # An export reads back with nothing skipped and nothing to warn about (every column is there).
    assert result["skipped"] == [] and result["warnings"] == []
    assert result["totals"]["households"] == 3


def test_command_line_unknown_compound_needs_create_compounds(world, tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes([["小区", "楼栋", "门牌号"], ["金桂小区", "1栋", "101"]]))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import_households",
            str(path),
            "--community",
            world.home.slug,
            "--json",
            "--language",
            "en",
            stdout=out,
        )
    assert "金桂小区" in json.loads(out.getvalue())["errors"][0]["message"]
    out = io.StringIO()
    call_command(
        "import_households",
        str(path),
        "--community",
        world.home.slug,
        "--json",
        "--create-compounds",
        stdout=out,
    )
    assert json.loads(out.getvalue())["new"] == 1
    assert world.home.compounds.filter(name="金桂小区").exists()


def test_platform_admin_confirms_an_import_from_the_admin(client, world):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("platform_t", "", "x"))
    client.post(
        reverse("admin:communities_household_import"),
        {"community": world.home.pk, "file": SimpleUploadedFile("r.csv", csv_bytes(GOOD))},
    )
    roster_import = RosterImport.objects.get()
    assert roster_import.status == RosterImport.Status.PREVIEW
    assert not Household.objects.filter(head_name="王五").exists()
    client.post(
        reverse("admin:communities_rosterimport_changelist"),
        {"action": "confirm_import", "_selected_action": [roster_import.pk]},
    )
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert Household.objects.get(head_name="王五").compound == world.compound
    entry = AuditEntry.objects.get(action="roster.import")
    assert entry.actor.username == "platform_t" and entry.changes["new"] == [None, 2]


def test_admin_import_refuses_a_compound_of_another_community(client, world):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("platform_t", "", "x"))
    response = client.post(
        reverse("admin:communities_household_import"),
        {
            "community": world.home.pk,
            "compound": world.other_compound.pk,
            "file": SimpleUploadedFile("r.csv", csv_bytes(GOOD)),
        },
    )
    assert response.status_code == 200
    assert not RosterImport.objects.exists()


def test_an_import_that_loses_a_race_on_the_natural_key_is_marked_failed(admin_client, world, monkeypatch):
    """A household added by hand at the very moment the import writes it: the database key refuses the import,
    which then says so instead of staying 'applying' for ever."""
    from django.db import IntegrityError

    from communities.roster import services as roster_services

    upload(admin_client, world, xlsx_bytes({"一期": GOOD}))
    roster_import = RosterImport.objects.get()

    def collide(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint household_natural_key")

    monkeypatch.setattr(roster_services, "_apply_stored", collide)
    url = reverse(
        "communities:roster_import_confirm", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
    )
    admin_client.post(url)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert "Upload the file again" in roster_import.failure or "重新上传" in roster_import.failure
    assert not Household.objects.filter(head_name="王五").exists()
