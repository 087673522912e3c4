"""Residents' pages are sent gzipped to browsers that accept it; staff pages never are (BREACH)."""

import gzip

from django.urls import reverse


def test_a_public_board_is_gzipped_and_reads_the_same(client, world):
    url = reverse("public_board", args=[world.compound.public_token])
    plain = client.get(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) < len(plain.content) / 2
    text = gzip.decompress(zipped.content).decode()
    assert world.compound.name in text and 'name="csrfmiddlewaretoken"' in text


def test_staff_pages_are_not_compressed(login, world):
    client = login(world.admin)
    response = client.get(
        reverse("communities:household", args=[world.home.slug, world.household.pk]),
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert response.status_code == 200 and "Content-Encoding" not in response
    assert world.household.access_code in response.content.decode()
