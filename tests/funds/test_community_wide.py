"""A community-wide fund (no compound) on every board of its community: its ledger, its questions from any
compound's board (each keeping the compound it was asked from), one snapshot shown on every board."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funds import services
from funds.models import Fund, Inquiry, Snapshot
from tests.factories import CompoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wide(world):
    fund = services.fund_create(
        community=world.home, name="双龙社区幸福基金", kind=Fund.Kind.HAPPINESS, actor=world.treasurer
    )
    services.income_record(
        fund=fund,
        kind="donation",
        amount=Decimal("3000.00"),
        received_on=datetime.date(2026, 4, 1),
        actor=world.treasurer,
    )
    services.expense_record(
        fund=fund,
        payee="双龙便民超市",
        purpose="重阳节慰问",
        amount=Decimal("640.00"),
        spent_on=datetime.date(2026, 10, 29),
        actor=world.treasurer,
    )
    return fund


def ask(client, compound, fund, text):
    url = reverse("funds_public:fund", args=[compound.public_token, fund.pk])
    return client.post(url, {"ask-text": text, "ask-contact": ""})


def test_questions_from_two_compounds_boards_are_stored_answered_and_shown_on_every_board(
    client, world, wide
):
    second = CompoundFactory(community=world.home, name="西新巷小区")

    first_reply = ask(client, world.compound, wide, "幸福基金能用在育才小区吗？")
    second_reply = ask(client, second, wide, "西新巷小区的路灯可以用这笔钱吗？")

    assert first_reply.status_code == 302 and second_reply.status_code == 302
    asked = {q.compound.name: q for q in Inquiry.objects.filter(fund=wide)}
    assert set(asked) == {"育才小区", "西新巷小区"}
    for inquiry in asked.values():
        services.inquiry_answer(inquiry=inquiry, text=f"答复：{inquiry.compound.name}", actor=world.treasurer)
    for compound in (world.compound, second):
        html = client.get(
            reverse("funds_public:fund", args=[compound.public_token, wide.pk])
        ).content.decode()
        assert "答复：育才小区" in html and "答复：西新巷小区" in html
        assert "from 西新巷小区" in html or "来自西新巷小区" in html


def test_the_fund_is_published_as_one_snapshot_shown_on_every_board(client, world, wide, login):
    second = CompoundFactory(community=world.home, name="西新巷小区")
    response = login(world.treasurer).post(
        reverse("funds:publish_fund", args=[world.home.slug, wide.pk]),
        {"period": "2026年10月", "confirm": "on"},
    )
    snapshot = Snapshot.objects.get(fund=wide)
    assert response.status_code == 302
    # Back to the fund's staff page (issue 17), whose message links to the public snapshot.
    assert response["Location"] == reverse("funds:fund", args=[world.home.slug, wide.pk])
    assert reverse("funds_public:snapshot", args=[world.home.public_token, snapshot.pk]) in (
        login(world.treasurer).get(response["Location"]).content.decode()
    )
    assert snapshot.compound_id is None and Snapshot.objects.count() == 1
    client.logout()
    for token in (world.compound.public_token, second.public_token, world.home.public_token):
        page = client.get(reverse("funds_public:snapshot", args=[token, snapshot.pk]))
        assert page.status_code == 200 and snapshot.short_hash in page.content.decode()
        board = client.get(reverse("public_board", args=[token])).content.decode()
        assert "双龙社区幸福基金" in board
    # not on another community's board
    other = client.get(
        reverse("funds_public:snapshot", args=[world.other_compound.public_token, snapshot.pk])
    )
    assert other.status_code == 404


def test_the_community_board_shows_the_fund_without_a_question_form(client, world, wide):
    page = client.get(reverse("funds_public:fund", args=[world.home.public_token, wide.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "¥2,360.00" in html
    assert 'name="ask-text"' not in html
    refused = client.post(
        reverse("funds_public:fund", args=[world.home.public_token, wide.pk]), {"ask-text": "可以问吗？"}
    )
    assert refused.status_code == 200 and not Inquiry.objects.exists()


def test_another_communitys_fund_is_not_on_this_board(client, world):
    theirs = services.fund_create(
        community=world.other, name="桂花基金", kind=Fund.Kind.HAPPINESS, actor=world.outsider
    )
    assert (
        client.get(reverse("funds_public:fund", args=[world.compound.public_token, theirs.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("funds_public:fund", args=[world.home.public_token, theirs.pk])).status_code == 404
    )
