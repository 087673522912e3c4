"""The printed notice's QR code opens the compound's board, where "find my room" comes first and the snapshot
is one tap away (issue 17). The code is decoded from the page as a camera would read it (tests/qr.py)."""

import re

import pytest
from django.urls import reverse

from funds import services

from .conftest import pay

pytestmark = pytest.mark.django_db


def qr_on(html: str) -> str:
    svg = re.search(r'<svg[^>]*class="qr".*?</svg>', html, re.S).group(0)
    from tests.qr import decode_svg

    return decode_svg(svg)


def test_the_printed_notice_qr_code_opens_the_compounds_board(client, world, ledger):
    snapshot = services.snapshot_publish(levy=ledger.levy, period="2026年11月", actor=world.treasurer)
    html = client.get(
        reverse("funds_public:snapshot_print", args=[world.compound.public_token, snapshot.pk])
    ).content.decode()
    board = "http://testserver" + reverse("public_board", args=[world.compound.public_token])
    assert qr_on(html) == board
    # The board it opens answers 200 to a resident without an account, with "find my room" on it.
    assert client.get(board).status_code == 200


def test_the_boards_own_notice_qr_code_opens_the_board_too(client, world, ledger):
    html = client.get(reverse("public_notice", args=[world.compound.public_token])).content.decode()
    assert qr_on(html) == "http://testserver" + reverse("public_board", args=[world.compound.public_token])


def test_the_board_starts_with_find_my_room_and_links_to_the_latest_notice(client, world, ledger):
    services.snapshot_publish(levy=ledger.levy, period="2026年10月", actor=world.treasurer)
    latest = services.snapshot_publish(levy=ledger.levy, period="2026年11月", actor=world.treasurer)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("public_board", args=[world.compound.public_token])).content.decode()
    find = html.index('data-section="find-room"')
    # First thing under the board's title: before every other section.
    assert find < html.index('data-section="funds"')
    assert re.search(r'<section class="card board-section" data-section="find-room"', html)
    form = html[find : html.index("</form>", find)]
    assert f'action="{reverse("funds_public:find", args=[world.compound.public_token])}"' in form
    assert 'name="room"' in form and "Find my room" in html[find - 200 : find + 400]
    # The latest public notice, one tap from the board.
    snapshot = reverse("funds_public:snapshot", args=[world.compound.public_token, latest.pk])
    assert (
        f'<a href="{snapshot}" data-snapshot="安装监控">Public notice of 安装监控: issue 2, 2026年11月</a>'
        in html
    )


def test_find_my_room_from_the_board_says_paid_or_not_for_each_levy(client, world, ledger):
    paid, unpaid = ledger.charges[0], ledger.charges[1]
    pay(paid, actor=world.staff)
    client.cookies["django_language"] = "en"
    url = reverse("funds_public:find", args=[world.compound.public_token])
    html = client.get(url, {"room": paid.household.room}).content.decode()
    assert f'data-found="{paid.household.label}"' in html and "has paid (settled)." in html
    levy = reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk])
    assert f'<a href="{levy}">安装监控</a>' in html
    html = client.get(url, {"room": unpaid.household.label}).content.decode()
    assert f'data-found="{unpaid.household.label}"' in html and "has not paid yet." in html
    html = client.get(url, {"room": "9999"}).content.decode()
    assert "No room matches in this compound" in html
    assert client.get(url).status_code == 200  # the empty form, as without JavaScript


def test_find_my_room_is_not_on_a_community_board(client, world, ledger):
    html = client.get(reverse("public_board", args=[world.home.public_token])).content.decode()
    assert 'data-section="find-room"' not in html
    assert client.get(reverse("funds_public:find", args=[world.home.public_token])).status_code == 404


def test_find_my_room_takes_the_same_queries_however_many_levies(client, world, ledger, count_queries):
    url = reverse("funds_public:find", args=[world.compound.public_token])

    def find():
        assert client.get(url, {"room": ledger.charges[0].household.room}).status_code == 200

    find()  # warm the community's names version and the like
    one = count_queries(find)
    for purpose in ("路灯", "绿化", "化粪池"):
        services.levy_create(compound=world.compound, purpose=purpose, amount="20", actor=world.treasurer)
    assert count_queries(find) <= one
