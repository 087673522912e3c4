"""Issue 11, item 7: a household's history and the audit log speak the reader's language: translated field
labels, values and event names, never internal names such as `floor_area`, `occupancy: occupied`,
`(household.create)`, `reason_private` or `basis: household`."""

import datetime
import html as html_lib
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from communities import audit
from communities import services as community_services
from communities.models import AuditEntry
from funds import services
from funds.models import Fund

from .conftest import pay

# Raw values of choices that would mean an untranslated value on a Chinese page.
RAW_VALUES = (
    "occupied",
    "vacant",
    "renovated",
    "household",
    "cash",
    "wechat",
    "donation",
    "happiness",
    "True",
)


def _everything_audited(world, ledger):
    """The writes whose audit entries a household's history and the audit log show."""
    household = world.household
    community_services.household_update(
        household=household, actor=world.admin, floor_area=Decimal("88.50"), is_low_income=True
    )
    community_services.household_change_head(
        household=household, head_name="李四", phone="13900001111", actor=world.admin
    )
    community_services.household_change_occupancy(household=household, occupancy="vacant", actor=world.admin)
    community_services.household_regenerate_access_code(household=household, actor=world.admin)
    community_services.household_create(
        compound=world.compound, building="3栋", unit="1", room="101", actor=world.admin, occupancy="occupied"
    )
    community_services.invitation_create(community=world.home, role="staff", actor=world.admin, note="王红")
    charge = ledger.charges[0]
    waiver = services.waiver_request(
        charge=ledger.charges[1], amount=Decimal("50.00"), reason="低保户", actor=world.staff
    )
    services.waiver_approve(waiver=waiver, actor=world.treasurer)
    payment = pay(charge, actor=world.staff)
    services.payment_reverse(payment=payment, reason="收错了", actor=world.treasurer)
    fund = services.fund_create(
        community=world.home,
        compound=world.compound,
        name="幸福基金",
        kind=Fund.Kind.HAPPINESS,
        actor=world.admin,
    )
    services.income_record(
        fund=fund,
        kind="donation",
        amount=Decimal("100.00"),
        received_on=datetime.date(2026, 11, 1),
        actor=world.treasurer,
    )
    inquiry = services.inquiry_submit(
        compound=world.compound, levy=ledger.levy, text="何时装好？", contact="微信 abc"
    )
    services.inquiry_answer(inquiry=inquiry, text="下月。", actor=world.treasurer)


def _text(html: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", html[html.index("<main") : html.index("</main>")]))


@pytest.fixture
def audited(world, ledger):
    _everything_audited(world, ledger)
    return AuditEntry.objects.filter(community=world.home)


def test_phone_07_every_field_and_event_written_to_the_audit_log_has_a_label(audited):
    """The registry behind both pages: a field written to the audit log without a label fails here."""
    fields = {field for entry in audited for field in entry.changes}
    unlabelled = sorted(field for field in fields if field not in audit.FIELD_LABELS)
    assert not unlabelled, f"audited fields without a translated label: {unlabelled}"
    actions = {entry.action for entry in audited}
    assert not sorted(a for a in actions if a not in audit.ACTION_LABELS)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_phone_07_history_and_audit_log_show_no_internal_names(client, world, audited, login, language):
    login(world.admin)
    pages = {
        "history": reverse("communities:household", args=[world.home.slug, world.household.pk]),
        "audit log": reverse("communities:audit", args=[world.home.slug]) + "?page=1",
    }
    fields = {field for entry in audited for field in entry.changes}
    actions = {entry.action for entry in audited}
    for name, path in pages.items():
        text = _text(client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode())
        for action in actions:
            assert action not in text, f"{name} ({language}) shows the event name {action!r}"
        for field in fields:
            # In English a label may be the same word as its field (amount); internal names have "_" in them.
            if language == "zh-hans" or "_" in field:
                assert not re.search(rf"(?<![\w]){re.escape(field)}(?![\w])", text), (
                    f"{name} ({language}) shows the internal field name {field!r}"
                )
        if language == "zh-hans":
            for value in RAW_VALUES:
                assert not re.search(rf"(?<![\w]){value}(?![\w])", text), (
                    f"{name} shows the raw value {value!r}"
                )
