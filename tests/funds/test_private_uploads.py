"""Staff-only uploads are private (issue 10, item 4): minutes photos get random names in a private storage
outside MEDIA_ROOT, served by a role-checked view (streamed, or on S3 a redirect to a short signed address);
receipt photos get random names too and stay public on the published ledger."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404
from django.urls import reverse
from django.views.static import serve
from PIL import Image

from funds import services
from funds.models import Approval
from tests.test_append_only import assert_refused, one_row_in_every_append_only_table

from .conftest import pay

PRIVATE_BACKEND = "communities.uploads.PrivateFileSystemStorage"


def photo(name="minutes.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def disk(settings, tmp_path):
    """Uploads on disk as `make run` keeps them: public files under MEDIA_ROOT, private ones elsewhere."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": PRIVATE_BACKEND, "OPTIONS": {"location": str(tmp_path / "private")}},
    }
    return tmp_path


def minutes(world, community=None, actor=None) -> Approval:
    return services.approval_record(
        community=community or world.home,
        meeting_name="育才小区议事会",
        decided_on=datetime.date(2026, 1, 5),
        minutes_photo=photo(),
        actor=actor or world.treasurer,
    )


def file_url(community, name) -> str:
    return reverse("communities:private_file", kwargs={"slug": community.slug, "name": name})


def public_media_serves(name, rf, media_root) -> bool:
    """Whether /media/<name> answers, as `make run` serves media (config/urls.py, static())."""
    try:
        response = serve(rf.get(f"/media/{name}"), name, document_root=media_root)
    except Http404:
        return False
    response.close()
    return True


def test_fix_04_a_new_minutes_photo_has_a_random_name_and_is_not_under_media_root(world, disk, settings, rf):
    first, second = minutes(world).minutes_photo.name, minutes(world).minutes_photo.name

    for name in (first, second):
        assert name.startswith("funds/minutes/") and name.endswith(".jpg")
        assert len(Path(name).stem) >= 32  # 128 random bits, not "minutes"
        assert (disk / "private" / name).is_file()
        assert not default_storage.exists(name)
        assert not public_media_serves(name, rf, settings.MEDIA_ROOT)
    assert first != second
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_fix_04_the_private_view_serves_a_minutes_photo_to_the_communitys_staff_only(client, world, disk):
    approval = minutes(world)
    name = approval.minutes_photo.name
    url = file_url(world.home, name)
    content = (disk / "private" / name).read_bytes()

    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))

    for persona in ("observer", "staff", "treasurer", "admin"):
        client.force_login(world.user(persona))
        response = client.get(url)
        assert response.status_code == 200, persona
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]

    # Another community's staff: their own community's address for it, or ours, is a 404.
    client.force_login(world.outsider)
    assert client.get(file_url(world.other, name)).status_code == 404
    assert client.get(url).status_code == 404
    # And another community's file is a 404 from inside ours, as is a name no row holds.
    theirs = minutes(world, community=world.other, actor=world.outsider).minutes_photo.name
    client.force_login(world.admin)
    assert client.get(file_url(world.home, theirs)).status_code == 404
    assert client.get(file_url(world.home, "funds/minutes/minutes.jpg")).status_code == 404
    assert client.get(file_url(world.other, theirs)).status_code == 404


class SignedStore(InMemoryStorage):
    """Stands in for S3 with querystring auth: url() signs the address for `expire` seconds."""

    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"https://store.example.org/private/{name}?X-Amz-Expires={expire}&X-Amz-Signature=abc"


def test_fix_04_on_s3_the_private_view_redirects_to_an_address_signed_for_at_most_five_minutes(
    client, world, settings
):
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": f"{__name__}.SignedStore"}}
    name = minutes(world).minutes_photo.name
    assert storages["private"].exists(name)

    client.force_login(world.observer)
    response = client.get(file_url(world.home, name))

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"https://store.example.org/private/{name}?")
    assert 0 < int(location.split("X-Amz-Expires=")[1].split("&")[0]) <= 300
    assert "no-store" in response["Cache-Control"]


def test_fix_04_production_keeps_private_files_under_a_private_prefix_signed_for_five_minutes():
    from tests.communities.test_platform import _run_production

    code = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES['private']))"
    env = {
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/hehuo",
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DJANGO_MEDIA_S3_BUCKET": "receipts",
    }
    result = _run_production(env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    import json

    private = json.loads(result.stdout.strip().splitlines()[-1])
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    options = private["OPTIONS"]
    assert options["location"] == "private" and options["default_acl"] == "private"
    assert options["querystring_auth"] is True and 0 < options["querystring_expire"] <= 300

    result = _run_production({k: v for k, v in env.items() if "S3" not in k}, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    private = json.loads(result.stdout.strip().splitlines()[-1])
    assert private["BACKEND"] == PRIVATE_BACKEND


def test_fix_04_the_approvals_page_links_the_minutes_photo_to_the_private_view(client, world, disk):
    name = minutes(world).minutes_photo.name
    client.force_login(world.observer)
    html = client.get(reverse("funds:approvals", kwargs={"slug": world.home.slug})).content.decode()
    assert f'href="{file_url(world.home, name)}"' in html
    assert "/media/" not in html


def test_fix_04_receipt_photos_get_random_names_and_stay_readable_on_the_public_ledger(
    client, world, ledger, disk, settings, rf
):
    for charge in ledger.charges:
        pay(charge, actor=world.staff)
    expense = services.expense_record(
        fund=ledger.fund,
        levy=ledger.levy,
        payee="平安电子",
        purpose="摄像头 4 个",
        amount=Decimal("120.00"),
        spent_on=datetime.date(2026, 11, 1),
        receipt_photo=photo("IMG_0001.HEIC.jpg"),
        actor=world.treasurer,
    )
    name = expense.receipt_photo.name
    assert name.startswith("funds/receipts/") and len(Path(name).stem) >= 32

    html = client.get(
        reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk])
    ).content.decode()

    assert f'src="{settings.MEDIA_URL}{name}"' in html
    assert public_media_serves(name, rf, settings.MEDIA_ROOT)


BEFORE = ("funds", "0006_snapshot_compound_nullable")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_fix_04_existing_minutes_photos_move_to_the_private_storage_and_the_tables_stay_append_only(
    world, disk, settings
):
    """The migration moves each file under its own name and changes no row; it rebuilds funds_approval and
    funds_expense on SQLite, whose append-only triggers are back once it ran."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("funds")
    try:
        old = _migrate(BEFORE)
        public = storages["default"]
        stored = public.save("funds/minutes/minutes.jpg", photo())
        assert stored == "funds/minutes/minutes.jpg"
        OldApproval = old.get_model("funds", "Approval")
        OldApproval.objects.create(
            community_id=world.home.pk,
            meeting_name="第一次议事会",
            decided_on=datetime.date(2022, 5, 1),
            minutes_photo=stored,
        )
        OldApproval.objects.create(  # a row without a photo, and one whose file went missing: both left be
            community_id=world.home.pk, meeting_name="第二次议事会", decided_on=datetime.date(2022, 6, 1)
        )
        OldApproval.objects.create(
            community_id=world.home.pk,
            meeting_name="第三次议事会",
            decided_on=datetime.date(2022, 7, 1),
            minutes_photo="funds/minutes/lost.jpg",
        )

        _migrate(latest[0])

        assert sorted(Approval.objects.values_list("minutes_photo", flat=True)) == [
            "",
            "funds/minutes/lost.jpg",
            "funds/minutes/minutes.jpg",
        ]
        assert (disk / "private" / "funds/minutes/minutes.jpg").is_file()
        assert not (Path(settings.MEDIA_ROOT) / "funds/minutes/minutes.jpg").exists()
        approval = Approval.objects.get(meeting_name="第一次议事会")
        with approval.minutes_photo.open("rb") as handle:  # read where it now is
            assert handle.read()[:2] == b"\xff\xd8"  # a JPEG

        # The apps whose migrations follow funds' (needs' ballots) come back too, for their rows below.
        executor = MigrationExecutor(connection)
        executor.migrate([n for n in executor.loader.graph.leaf_nodes() if n[0] != "funds"])
        one_row_in_every_append_only_table(world)
        for table in ("funds_approval", "funds_expense"):
            assert_refused(table)
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
