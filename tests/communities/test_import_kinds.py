"""The import flow is not the household roster's alone: a second kind of list, registered here only (a list of
the community's compounds with the year each was built), goes through the same services, worker tasks and
pages; and the services queue the worker themselves, only once their transaction commits."""

import io

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from communities.errors import DomainError
from communities.models import AuditEntry, Community, Compound, Household, RosterImport
from communities.roster import services
from communities.roster.forms import RosterUploadForm
from communities.roster.households import HOUSEHOLDS
from communities.roster.kinds import (
    ColumnSpec,
    ImportKind,
    Scopes,
    import_kind_get,
    import_kind_register,
    import_kind_unregister,
)

from .roster_files import HEADER, csv_bytes

pytestmark = pytest.mark.django_db


def _year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and 1900 <= int(text) <= 2100:
        return int(text)
    raise ValueError(f"“{text}” is not a year. Write it as 1998.")


def _name(text: str) -> str:
    name = text.strip()
    if not name:
        raise ValueError("Enter the compound.")
    return name


YEARS = ColumnSpec(
    variants={
        "name": ("小区", "compound"),
        "built_year": ("建成年份", "year built"),
        "notes": ("备注", "notes"),
    },
    anchor="name",
    key=(("name", _name),),
    parsers={"built_year": _year, "notes": str.strip},
    defaults={"built_year": None, "notes": ""},
    label=lambda name: name,
    no_header="No header row: the file needs 小区 and 建成年份.",
    keep_when_empty=frozenset({"built_year"}),
)


class CompoundYearsWriter:
    """The compounds of the community (its one scope), compared by name and written with the ORM."""

    gone = None

    def scopes(self, *, community, parsed, compound, create_compounds):
        return Scopes(keys={"": community.pk}, existing=[community.pk])

    def lock(self, *, scopes):
        list(
            Community.objects.select_for_update().filter(pk__in=scopes.existing).values_list("pk", flat=True)
        )

    def existing(self, *, scopes):
        rows = Compound.objects.filter(community_id__in=scopes.existing).values_list(
            "pk", "community_id", "name", "built_year", "notes"
        )
        return [(pk, cid, name, None, year, notes) for pk, cid, name, year, notes in rows]

    def write(self, *, community, plan, scopes):
        Compound.objects.bulk_create(
            Compound(community=community, name=row.key[0], built_year=year, notes=notes)
            for _scope, row, (year, notes) in plan.new
        )
        Compound.objects.bulk_update(
            [Compound(pk=pk, built_year=year, notes=notes) for _s, _r, (year, notes), pk, _x in plan.changed],
            ["built_year", "notes"],
        )
        return []

    def mark_missing(self, *, community, ids):
        raise NotImplementedError


PARTIALS = {
    "test/years/_crumbs.html": "<a href='/years/'>compound years</a> ›",
    "test/years/_confirm.html": "Confirm to add {{ counts.new }} compounds and update {{ counts.changed }}.",
    "test/years/_result.html": "<p class='ok'>{{ counts.new }} compounds were added.</p>",
}

COMPOUND_YEARS = ImportKind(
    name="compound_years",
    columns=YEARS,
    writer=CompoundYearsWriter(),
    audit_action="compound.import_years",
    upload_form=RosterUploadForm,
    upload_url=lambda roster_import: "/years/",
    partials={
        "crumbs": "test/years/_crumbs.html",
        "confirm": "test/years/_confirm.html",
        "result": "test/years/_result.html",
    },
)


@pytest.fixture
def years_kind(settings):
    """The kind registered for this test only, and its partial templates in memory."""
    engine = {key: value for key, value in settings.TEMPLATES[0].items() if key != "APP_DIRS"}
    loaders = [
        ("django.template.loaders.locmem.Loader", PARTIALS),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = [{**engine, "OPTIONS": {**engine["OPTIONS"], "loaders": loaders}}]
    import_kind_register(COMPOUND_YEARS)
    yield COMPOUND_YEARS
    import_kind_unregister(COMPOUND_YEARS.name)


def _start(world, rows, name="years.csv"):
    return services.roster_import_start(
        kind="compound_years",
        community=world.home,
        actor=world.admin,
        filename=name,
        data=csv_bytes(rows),
        language="en",
    )


def test_a_second_kind_goes_through_upload_preview_confirm_and_the_worker(world, years_kind, client):
    Compound.objects.create(community=world.home, name="丹桂小区")  # not in the file: missing from it
    rows = [["小区", "建成年份", "备注"], ["育才小区", "1998", "老旧小区"], ["金桂苑", "2003", ""]]

    # Upload: the service queued the preview, which the worker (immediate in tests) ran by this kind's spec.
    roster_import = _start(world, rows)
    roster_import.refresh_from_db()
    assert (roster_import.kind, roster_import.status) == ("compound_years", RosterImport.Status.PREVIEW)
    assert roster_import.counts == {"rows": 2, "new": 1, "changed": 1, "unchanged": 0, "missing": 1}
    assert not Compound.objects.filter(name="金桂苑").exists()  # a preview writes nothing

    # The flow's pages show it with the kind's own words.
    client.force_login(world.admin)
    page = client.get(
        reverse("communities:roster_import", kwargs={"slug": world.home.slug, "pk": roster_import.pk})
    ).content.decode()
    assert "Confirm to add 1 compounds and update 1." in page and "compound years" in page

    # Confirm: the service queued the import, which the worker applied through the kind's writer.
    services.roster_import_confirm(roster_import=roster_import, actor=world.admin)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE and roster_import.applied_by == world.admin
    world.compound.refresh_from_db()
    assert (world.compound.built_year, world.compound.notes) == (1998, "老旧小区")
    assert Compound.objects.get(community=world.home, name="金桂苑").built_year == 2003
    entry = AuditEntry.objects.get(action="compound.import_years")
    assert entry.changes["new"] == [None, 1] and entry.changes["changed"] == [None, 1]
    assert not AuditEntry.objects.filter(action="roster.import").exists()
    assert world.household.pk not in roster_import.missing  # households are another kind's records

    page = client.get(
        reverse("communities:roster_import", kwargs={"slug": world.home.slug, "pk": roster_import.pk})
    ).content.decode()
    assert "1 compounds were added." in page
    # Not in the household roster's history of the compound, and no household page for its missing rows.
    roster_page = client.get(
        reverse("communities:roster", kwargs={"slug": world.home.slug, "pk": world.compound.pk})
    ).content.decode()
    assert "years.csv" not in roster_page
    moved_out = reverse(
        "communities:roster_import_moved_out", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
    )
    assert client.get(moved_out).status_code == 404


def test_a_second_kinds_problems_name_its_columns_and_block_the_import(world, years_kind, client):
    roster_import = _start(
        world, [["小区", "建成年份"], ["育才小区", "九八年"], ["金桂苑", "2003"], ["金桂苑", "2004"]]
    )
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEW and roster_import.error_count == 2
    assert [(p["row"], p["column"]) for p in roster_import.errors] == [(2, "建成年份"), (4, "小区")]
    assert "is not a year" in roster_import.errors[0]["message"]
    assert "appears twice in the file" in roster_import.errors[1]["message"]
    with pytest.raises(DomainError):
        services.roster_import_confirm(roster_import=roster_import, actor=world.admin)

    client.force_login(world.admin)
    response = client.get(
        reverse(
            "communities:roster_import_problems", kwargs={"slug": world.home.slug, "pk": roster_import.pk}
        )
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[1:3] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        (2, "建成年份"),
        (4, "小区"),
    ]
    world.compound.refresh_from_db()
    assert world.compound.built_year is None


def test_an_unknown_kind_is_refused_before_anything_is_stored(world):
    with pytest.raises(LookupError):
        services.roster_import_start(
            kind="volunteers", community=world.home, actor=world.admin, filename="v.csv", data=b"x"
        )
    assert not RosterImport.objects.exists()


def test_a_kind_name_cannot_be_taken_twice(years_kind):
    assert import_kind_get("compound_years") is years_kind
    import_kind_register(years_kind)  # the same kind again (an app's ready() run twice) is no error
    with pytest.raises(ImproperlyConfigured):
        import_kind_register(ImportKind(**{**years_kind.__dict__, "writer": CompoundYearsWriter()}))
    assert import_kind_get("households") is HOUSEHOLDS


def test_the_services_queue_the_worker_only_once_their_transaction_commits(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    data = csv_bytes([HEADER, ["育才小区", "1栋", "1单元", "101", "王五", "", "", "", "", "", ""]])
    with pytest.raises(RuntimeError), transaction.atomic():
        services.roster_import_start(
            community=world.home, actor=world.admin, filename="r.csv", data=data, compound=world.compound
        )
        raise RuntimeError("the request failed after the upload was recorded")
    assert not RosterImport.objects.exists() and not DBTaskResult.objects.exists()

    roster_import = services.roster_import_start(
        community=world.home, actor=world.admin, filename="r.csv", data=data, compound=world.compound
    )
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "communities.roster.services.roster_preview" and queued.args_kwargs[
        "args"
    ] == [roster_import.pk]
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.QUEUED  # the worker has not run yet


def test_a_crash_in_the_worker_marks_the_import_failed_but_never_a_done_one(world, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("the worker lost its database connection")

    monkeypatch.setattr(services, "import_apply", crash)
    data = csv_bytes([HEADER, ["育才小区", "1栋", "1单元", "101", "王五", "", "", "", "", "", ""]])
    roster_import = services.roster_import_start(
        community=world.home,
        actor=world.admin,
        filename="r.csv",
        data=data,
        compound=world.compound,
        language="en",  # the worker speaks the uploader's language
    )
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert roster_import.failure.startswith("The file could not be processed. Nothing was imported.")
    assert not Household.objects.filter(head_name="王五").exists()

    RosterImport.objects.filter(pk=roster_import.pk).update(status=RosterImport.Status.DONE, failure="")
    assert services.roster_import_fail(roster_import=roster_import, failure="late crash") is False
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.failure) == (RosterImport.Status.DONE, "")
