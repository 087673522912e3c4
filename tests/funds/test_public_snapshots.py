"""公示 snapshots: frozen content with a version and a short hash; dated corrections; the printable notice."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from communities.errors import DomainError
from funds import services
from funds.models import Snapshot

from .conftest import pay


def snapshot_url(world, snapshot, name="funds_public:snapshot"):
    return reverse(name, args=[world.compound.public_token, snapshot.pk])


def test_publishing_freezes_the_ledger_with_version_and_hash(client, world, ledger):
    pay(ledger.charges[0], actor=world.staff)
    first = services.snapshot_publish(levy=ledger.levy, period="2026年11月", actor=world.treasurer)
    assert first.version == 1
    assert first.content["figures"]["households_settled"] == 1
    assert first.content["settled_rooms"] == [ledger.charges[0].household.label]
    assert services.snapshot_matches(first)

    pay(ledger.charges[1], actor=world.staff)
    second = services.snapshot_publish(levy=ledger.levy, period="2026年12月", actor=world.treasurer)
    assert second.version == 2
    assert second.short_hash != first.short_hash

    # The first snapshot's page still shows exactly what was published then.
    html = client.get(snapshot_url(world, first)).content.decode()
    assert first.short_hash in html
    assert ">1/3<" in html
    assert ledger.charges[1].household.label not in html
    assert 'role="alert"' not in html  # content matches its hash
    # The live page lists both snapshots.
    live = client.get(reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk]))
    assert first.short_hash in live.content.decode() and second.short_hash in live.content.decode()


def test_hash_is_of_the_canonical_content():
    content = {"b": "1.00", "a": ["x", "y"], "title": "安装监控"}
    assert services.content_hash(content) == services.content_hash(dict(reversed(list(content.items()))))
    assert services.content_hash(content) != services.content_hash({**content, "b": "1.01"})


def test_a_snapshot_cannot_be_changed_in_the_database(world, ledger):
    snapshot = services.snapshot_publish(levy=ledger.levy, period="2026年11月", actor=world.treasurer)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE funds_snapshot SET short_hash = 'XXXXX' WHERE id = %s", [snapshot.pk])


def test_corrections_are_dated_and_history_stays(client, world, ledger, login):
    snapshot = services.snapshot_publish(levy=ledger.levy, period="2026年11月", actor=world.treasurer)
    original = Snapshot.objects.get(pk=snapshot.pk).content
    treasurer = login(world.treasurer)
    response = treasurer.post(
        reverse("funds:snapshot_correct", args=[world.home.slug, snapshot.pk]),
        {"text": "第 3 项支出金额应为 120 元。"},
    )
    assert response.status_code == 302
    html = client.get(snapshot_url(world, snapshot)).content.decode()
    assert "第 3 项支出金额应为 120 元。" in html
    assert Snapshot.objects.get(pk=snapshot.pk).content == original
    assert snapshot.short_hash in html


def test_publish_page_for_the_treasurer(world, ledger, login):
    treasurer = login(world.treasurer)
    url = reverse("funds:publish_levy", args=[world.home.slug, ledger.levy.pk])
    assert treasurer.get(url).status_code == 200
    response = treasurer.post(url, {"period": ""})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    # Without the confirmation ticked, nothing is published (issue 17).
    response = treasurer.post(url, {"period": "2026年第四季度"})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not Snapshot.objects.exists()
    response = treasurer.post(url, {"period": "2026年第四季度", "confirm": "on"})
    snapshot = Snapshot.objects.get()
    # Back to the levy's staff page, whose message links to the public one.
    assert response["Location"] == reverse("funds:levy", args=[world.home.slug, ledger.levy.pk])
    assert snapshot_url(world, snapshot) in treasurer.get(response["Location"]).content.decode()
    assert snapshot.published_by == world.treasurer
    staff = login(world.staff)
    assert staff.post(url, {"period": "x", "confirm": "on"}).status_code == 403
    assert Snapshot.objects.count() == 1


def test_fund_snapshot(client, world, happiness_fund):
    from decimal import Decimal

    fund = happiness_fund
    services.income_record(
        fund=fund,
        kind="donation",
        amount=Decimal("300.00"),
        received_on=__import__("datetime").date(2026, 10, 1),
        donor_name="李小红",
        actor=world.treasurer,
    )
    snapshot = services.snapshot_publish(fund=fund, period="2026年10月", actor=world.admin)
    assert snapshot.content["figures"]["balance"] == "300.00"
    html = client.get(snapshot_url(world, snapshot)).content.decode()
    # A snapshot is hashed and never changes, so it stores no person's name, not even masked: a personal donation.
    assert "李" not in str(snapshot.content) and "李" not in html
    assert snapshot.content["income"][0]["personal"] is True
    assert "personal donation" in html or "个人捐赠" in html
    with pytest.raises(DomainError):
        services.snapshot_publish(fund=fund, levy=None, period="", actor=world.admin)


def _stylesheet() -> str:
    from pathlib import Path

    from django.contrib.staticfiles import finders

    return Path(finders.find("css/app.css")).read_text(encoding="utf-8")


def test_printable_notice_has_summary_rooms_hash_and_a_scannable_qr(client, world, ledger):
    for charge in ledger.charges:
        pay(charge, actor=world.staff)
    snapshot = services.snapshot_publish(levy=ledger.levy, period="2026年11月", actor=world.treasurer)
    response = client.get(snapshot_url(world, snapshot, "funds_public:snapshot_print"))
    html = response.content.decode()
    assert response.status_code == 200
    # Its print rules live in the app's stylesheet (no <style> in templates): an A4 page named for the notice.
    assert 'class="notice-page"' in html and "css/app.css" in html
    css = _stylesheet()
    assert "@media print" in css and "@page notice { size: A4" in css and "page: notice" in css
    assert snapshot.short_hash in html
    assert ">3/3<" in html and "¥150.00" in html
    for charge in ledger.charges:
        assert charge.household.label in html
    assert "<svg" in html and 'class="qr"' in html  # inline, no download
    assert ".notice .qr svg { width: 42mm" in css  # large enough to scan from a notice board
    # The QR code and the printed address open the compound's board, where "find my room" comes first and this
    # notice is one tap away (issue 17; tests/funds/test_notice_qr.py decodes the code itself).
    assert "http://testserver" + reverse("public_board", args=[world.compound.public_token]) in html
    assert response["X-Robots-Tag"].startswith("noindex")


def test_publish_a_fund_from_its_staff_page_and_refuse_an_empty_correction(world, login):
    from funds.models import Fund

    fund = services.fund_create(
        community=world.home,
        compound=world.compound,
        name="共管资金",
        kind=Fund.Kind.CO_MANAGED,
        actor=world.admin,
    )
    admin = login(world.admin)
    url = reverse("funds:publish_fund", args=[world.home.slug, fund.pk])
    assert "共管资金" in admin.get(url).content.decode()
    assert admin.post(url, {"period": "2026年第四季度", "confirm": "on"}).status_code == 302
    snapshot = Snapshot.objects.get(fund=fund)
    assert snapshot.version == 1 and snapshot.content["kind"] == "fund"
    correct = reverse("funds:snapshot_correct", args=[world.home.slug, snapshot.pk])
    response = admin.post(correct, {"text": "  "})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not snapshot.corrections.exists()
