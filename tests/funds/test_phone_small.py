"""Issue 11, item 8, small things: the levy form asks for the compound first (a GET step without JavaScript,
an htmx refresh with it) and lists only that compound's buildings; no two forms of a page share an id;
/favicon.ico exists; a PNG that declares 30000 x 30000 pixels gets the app's own "too many pixels" message."""

import re
import struct
import zlib
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from communities.errors import DomainError
from communities.photos import clean_photo
from tests.factories import BuildingFactory, CompoundFactory

from .conftest import pay


def _building_options(html: str) -> list[str]:
    select = re.search(r'<select name="buildings".*?</select>', html, re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0)) if select else []


def test_phone_08_the_levy_form_asks_for_the_compound_first_and_lists_only_its_buildings(
    client, world, login
):
    BuildingFactory(compound=world.compound, label="2栋")
    west = CompoundFactory(community=world.home, name="西新巷小区")
    BuildingFactory(compound=west, label="9栋")
    login(world.treasurer)
    page = reverse("funds:levy_create", args=[world.home.slug])

    first = client.get(page).content.decode()
    assert re.search(r'<form method="get"[^>]*id="levy-compound"', first)  # a GET step, no JavaScript needed
    assert _building_options(first) == []  # no list of every compound's buildings

    ours = client.get(page, {"compound": world.compound.pk}).content.decode()
    labels = _building_options(ours)
    assert labels and all("西新巷小区" not in label and "9栋" not in label for label in labels), labels
    assert any("2栋" in label for label in labels)
    theirs = client.get(page, {"compound": west.pk}).content.decode()
    assert [label.strip() for label in _building_options(theirs)] == ["9栋"]
    # Where JavaScript runs, choosing a compound refreshes the form in place (htmx).
    assert re.search(r'<select name="compound"[^>]*hx-get="' + re.escape(page) + '"', first)
    assert 'hx-target="#levy-form"' in first


def test_phone_08_a_levy_is_created_for_the_compound_chosen_first(client, world, login):
    login(world.treasurer)
    response = client.post(
        reverse("funds:levy_create", args=[world.home.slug]) + f"?compound={world.compound.pk}",
        {
            "compound": world.compound.pk,
            "purpose": "安装监控",
            "basis": "household",
            "amount": "50",
            "recurrence": "once",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_phone_08_no_two_elements_of_the_households_page_share_an_id(client, world, ledger):
    """Two payments, two "something is wrong" actions: no id twice (passed at once: the flag form had already
    moved to a page of its own)."""
    mine = ledger.charges[0]
    pay(mine, amount="20.00", actor=world.staff)
    pay(mine, amount="30.00", actor=world.staff)
    mine.household.refresh_from_db()
    client.post(
        reverse("public_board", args=[world.compound.public_token]), {"code": mine.household.access_code}
    )
    html = client.get(reverse("public_household", args=[world.compound.public_token])).content.decode()
    assert html.count("data-charge=") >= 1 and html.count('id="payment-') == 2
    twice = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
    assert not twice, twice


def test_phone_08_there_is_a_favicon(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file


def _png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [30000, 10000])
def test_phone_08_a_small_png_declaring_huge_dimensions_has_too_many_pixels(side):
    upload = SimpleUploadedFile("huge.png", _png_declaring(side, side), content_type="image/png")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        clean_photo(upload, name="receipt_photo")
    assert refused.value.message == "The photo has too many pixels."
    assert refused.value.field == "receipt_photo"
