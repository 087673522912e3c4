"""The receipt check (/r/<token>/, the QR code on every receipt) is cheap to plan as well as to run: no query
joins more than four tables (one 8-table join took far longer to plan than to run, issue 16)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import pay


def tables_in(sql: str) -> int:
    return len(re.findall(r"\b(?:FROM|JOIN)\s+\"", sql))


def test_the_receipt_check_joins_at_most_four_tables_a_query(client, world, ledger):
    payment = pay(ledger.charges[0], actor=world.staff)
    url = reverse("funds_public:receipt_verify", args=[payment.verify_token])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    html = response.content.decode()
    # Still the whole receipt: number, the household's compound and room, the issuing community, the levy.
    assert f"{payment.receipt_number:06d}" in html and ledger.charges[0].household.label in html
    assert world.home.name in html and world.compound.name in html and ledger.levy.purpose in html
    assert reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk]) in html
    widest = max(captured.captured_queries, key=lambda q: tables_in(q["sql"]))
    assert tables_in(widest["sql"]) <= 4, widest["sql"]
    assert len(captured.captured_queries) <= 3
