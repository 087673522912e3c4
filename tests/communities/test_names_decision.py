"""The masked-names setting on the community settings page (issue 10, item 6): switching masked names on asks for
the residents' meeting that decided it (name, date, photo of the minutes, kept private); either way the
decision is kept as an append-only row, audited, and moves the community's names version."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from communities.append_only import registered_tables
from communities.errors import DomainError
from communities.models import AuditEntry, Community
from tests.funds.test_append_only import _raw

pytestmark = pytest.mark.django_db


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    return SimpleUploadedFile("IMG_2041.jpg", buffer.getvalue(), content_type="image/jpeg")


def settings_url(world) -> str:
    return reverse("communities:settings", args=[world.home.slug])


def switch(client, world, on: bool, **fields):
    data = {"section": "communities", **{f"communities-{k}": v for k, v in fields.items()}}
    if on:
        data["communities-public_names_masked"] = "on"
    return client.post(settings_url(world), data)


def meeting(**overrides) -> dict:
    return {
        "meeting_name": "育才小区居民大会",
        "decided_on": "2026-03-08",
        "minutes_photo": photo(),
        **overrides,
    }


def decisions(world):
    from communities.models import NamesDecision

    return NamesDecision.objects.filter(community=world.home).order_by("id")


def community(world) -> Community:
    return Community.objects.get(pk=world.home.pk)


def test_fix_06_switching_masked_names_on_asks_for_the_meeting_its_date_and_its_minutes(login, world):
    client = login(world.admin)
    version = community(world).names_version

    response = switch(client, world, on=True)

    assert response.status_code == 200
    form = response.context["sections"][0][1]
    assert {"meeting_name", "decided_on", "minutes_photo"} <= set(form.errors)
    assert community(world).public_names_masked is False
    assert community(world).names_version == version
    assert not decisions(world).exists()


def test_fix_06_a_meeting_in_the_future_is_refused(login, world):
    client = login(world.admin)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = switch(client, world, on=True, **meeting(decided_on=tomorrow.isoformat()))

    assert response.status_code == 200
    assert "decided_on" in response.context["sections"][0][1].errors
    assert community(world).public_names_masked is False and not decisions(world).exists()


def test_fix_06_switching_on_keeps_the_decision_with_private_minutes_audits_it_and_moves_the_names_version(
    login, world
):
    client = login(world.admin)
    version = community(world).names_version

    response = switch(client, world, on=True, **meeting())

    assert response.status_code == 302
    assert community(world).public_names_masked is True
    assert community(world).names_version > version
    decision = decisions(world).get()
    assert decision.names_shown is True
    assert decision.meeting_name == "育才小区居民大会"
    assert decision.decided_on == datetime.date(2026, 3, 8)
    assert decision.recorded_by == world.admin
    name = decision.minutes_photo.name
    assert "IMG_2041" not in name and name.endswith(".jpg")
    assert storages["private"].exists(name) and not default_storage.exists(name)
    entry = AuditEntry.objects.get(community=world.home, action="community.names_decision")
    assert entry.actor == world.admin
    assert entry.changes["public_names_masked"] == [False, True]
    assert entry.changes["meeting_name"] == [None, "育才小区居民大会"]


def test_fix_06_switching_off_needs_no_meeting_and_is_kept_and_audited_too(login, world):
    client = login(world.admin)
    switch(client, world, on=True, **meeting())
    version = community(world).names_version

    response = switch(client, world, on=False)

    assert response.status_code == 302
    assert community(world).public_names_masked is False
    assert community(world).names_version > version
    assert [d.names_shown for d in decisions(world)] == [True, False]
    off = decisions(world).last()
    assert off.meeting_name == "" and off.decided_on is None and not off.minutes_photo
    assert off.recorded_by == world.admin
    entries = AuditEntry.objects.filter(community=world.home, action="community.names_decision")
    assert [e.changes["public_names_masked"] for e in entries.order_by("id")] == [
        [False, True],
        [True, False],
    ]


def test_fix_06_saving_the_section_unchanged_records_nothing(login, world):
    client = login(world.admin)
    switch(client, world, on=True, **meeting())
    version = community(world).names_version

    assert switch(client, world, on=True).status_code == 302  # still on: no meeting asked for again

    assert decisions(world).count() == 1 and community(world).names_version == version


def test_fix_06_the_settings_page_shows_the_current_decision_and_links_its_minutes_privately(
    login, client, world
):
    admin = login(world.admin)
    switch(admin, world, on=True, **meeting())
    decision = decisions(world).get()
    private_url = reverse(
        "communities:private_file", kwargs={"slug": world.home.slug, "name": decision.minutes_photo.name}
    )

    html = admin.get(settings_url(world)).content.decode()

    assert "育才小区居民大会" in html and "2026-03-08" in html
    assert f'href="{private_url}"' in html
    assert admin.get(private_url).status_code == 200
    client.force_login(world.outsider)
    assert client.get(private_url).status_code == 404


def test_fix_06_the_service_refuses_to_switch_on_without_the_meeting(world):
    from communities.naming import names_decision_record

    with pytest.raises(DomainError):
        names_decision_record(community=world.home, names_shown=True, actor=world.admin)
    with pytest.raises(DomainError):
        names_decision_record(
            community=world.home,
            names_shown=True,
            meeting_name="居民大会",
            decided_on=datetime.date(2026, 3, 8),
            actor=world.admin,
        )  # no minutes
    assert community(world).public_names_masked is False and not decisions(world).exists()


def test_fix_06_a_names_decision_is_never_changed_or_deleted(login, world):
    switch(login(world.admin), world, on=True, **meeting())
    table = decisions(world).model._meta.db_table
    assert table in registered_tables()
    for sql in (f"UPDATE {table} SET meeting_name = 'x'", f"DELETE FROM {table}"):  # noqa: S608
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(sql)
    assert decisions(world).get().meeting_name == "育才小区居民大会"
