"""The receipt check (/r/<token>/, the QR code on every receipt) is cheap to plan as well as to run: one query,
prepared once per connection on PostgreSQL (one 8-table join of the ORM took far longer to compile and plan
than to run, issue 16)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import pay


def test_the_receipt_check_is_one_query_planned_once_per_connection(client, world, ledger):
    payment = pay(ledger.charges[0], actor=world.staff)
    url = reverse("funds_public:receipt_verify", args=[payment.verify_token])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    html = response.content.decode()
    # Still the whole receipt: number, the household's compound and room, the issuing community, the levy.
    assert f"{payment.receipt_number:06d}" in html and ledger.charges[0].household.label in html
    assert world.home.name in html and world.compound.name in html and ledger.levy.purpose in html
    assert reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk]) in html
    # One query (on PostgreSQL, the first on a connection PREPAREs it first).
    assert len(captured.captured_queries) <= 1 + (connection.vendor == "postgresql")
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).status_code == 200
    (query,) = again.captured_queries
    if connection.vendor == "postgresql":
        assert query["sql"].startswith("EXECUTE ")  # planned once per connection
