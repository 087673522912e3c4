"""The published ledger residents read on their phones: figures, rooms, expenses; privacy; cache; queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from communities.models import Community
from funds import services
from funds.models import Fund
from tests.factories import HouseholdFactory

from .conftest import make_households, pay


def levy_url(world, levy, **query):
    url = reverse("funds_public:levy", args=[world.compound.public_token, levy.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def waive(charge, world):
    waiver = services.waiver_request(
        charge=charge, amount=charge.amount, reason="低保户，困难减免", actor=world.staff
    )
    services.waiver_approve(waiver=waiver, actor=world.treasurer)


def test_levy_page_shows_the_figures_rooms_and_progress(client, world, ledger):
    first, second, third = ledger.charges  # 1栋 501, 502, 503
    pay(first, actor=world.staff)
    waive(second, world)

    response = client.get(levy_url(world, ledger.levy))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="households">2/3<' in html  # the waived room counts as settled
    assert 'data-figure="collected">¥50.00<' in html
    assert 'data-figure="rate-households">66.7%<' in html
    assert 'class="bar"' in html and "width: 66.7%" in html
    # rooms by number, grouped by building: 501 paid, 502 waived shows settled like a paid one, 503 not yet
    assert '<li class="settled" data-room="1栋1单元501">' in html
    assert '<li class="settled" data-room="1栋1单元502">' in html
    assert '<li class="open" data-room="1栋1单元503">' in html
    assert "2栋" not in html  # the unrenovated building is not charged


def test_public_ledger_never_shows_phone_flags_waiver_reason_or_full_names(client, world, ledger):
    waive(ledger.charges[1], world)
    response = client.get(levy_url(world, ledger.levy))
    html = response.content.decode()
    assert "13812345678" not in html
    assert "困难减免" not in html and "低保" not in html
    assert "张三" not in html and "张*" not in html  # masking is off: no names at all
    assert response["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in html


def test_masked_names_only_where_the_community_turned_them_on(client, world, ledger):
    Community.objects.filter(pk=world.home.pk).update(public_names_masked=True)
    html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert "张*" in html
    assert "张三" not in html


def test_find_my_room_without_javascript(client, world, ledger):
    pay(ledger.charges[0], actor=world.staff)

    html = client.get(levy_url(world, ledger.levy, room="501")).content.decode()
    assert 'data-found="1栋1单元501"' in html
    found = html.split('data-found="1栋1单元501"')[1].split("</p>")[0]
    assert "paid" in found or "已" in found

    html = client.get(levy_url(world, ledger.levy, room="1栋1单元503")).content.decode()
    assert 'data-found="1栋1单元503"' in html
    assert 'class="card found open"' in html

    html = client.get(levy_url(world, ledger.levy, room="999")).content.decode()
    assert "data-found" not in html
    assert 'class="error" role="status"' in html


def test_expenses_with_receipt_thumbnails_and_the_balance(client, world, ledger):
    for charge in ledger.charges:
        pay(charge, actor=world.staff)
    services.expense_record(
        fund=ledger.fund,
        levy=ledger.levy,
        payee="平安电子",
        purpose="摄像头 4 个",
        amount=Decimal("120.00"),
        spent_on=datetime.date(2026, 11, 1),
        actor=world.treasurer,
    )
    html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert "摄像头 4 个" in html and "平安电子" in html
    assert 'data-figure="balance"><strong>¥30.00<' in html
    assert 'data-figure="households">3/3<' in html
    assert 'data-figure="rate-amount">100.0%<' in html


def test_page_is_cached_per_ledger_version_and_a_payment_shows_at_once(
    client, world, ledger, django_assert_max_num_queries, shared_cache
):
    client.get(levy_url(world, ledger.levy))
    # Warm: the whole page comes from the cache; one query finds the levy and the version of what it shows.
    with django_assert_max_num_queries(1):
        html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert 'data-figure="households">0/3<' in html

    pay(ledger.charges[0], actor=world.staff)  # moves the ledger version: a new key

    html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert 'data-figure="households">1/3<' in html


def test_cached_fragment_is_per_language(client, world, ledger, shared_cache):
    from communities import public_cache
    from funds import cache

    public_cache.clear_local()
    client.get(levy_url(world, ledger.levy), HTTP_ACCEPT_LANGUAGE="en")
    client.get(levy_url(world, ledger.levy), HTTP_ACCEPT_LANGUAGE="zh-hans")
    ours = [key for key in public_cache._local if f":levy:{ledger.levy.pk}:" in key]
    assert {key.split(":")[6] for key in ours} == {"en", "zh-hans"}
    with translation.override("en"):
        assert cache.ledger_key(ledger.levy, world.home) in ours


@pytest.mark.parametrize("cold", [True, False])
def test_query_count_does_not_grow_with_rooms(
    client, world, ledger, django_assert_max_num_queries, count_queries, cold
):
    from communities import public_cache

    def page():
        assert client.get(levy_url(world, ledger.levy, room="501")).status_code == 200

    def measure():
        if cold:
            public_cache.clear_local()
            from django.core.cache import cache as shared

            shared.clear()
        return count_queries(page)

    client.get(levy_url(world, ledger.levy))
    small = measure()
    # 60 more renovated households in three more buildings, half of them paid: a new ledger version.
    more = []
    for n, building in enumerate(["3栋", "4栋", "5栋"]):
        more += make_households(world.compound, range(101 + n * 100, 121 + n * 100), building=building)
    services.property_fee_generate_periods  # noqa: B018 - (the levy is one-off; charges added below)
    from funds.services.levies import _create_charges

    _create_charges(ledger.levy, more)
    for charge in ledger.levy.charges.filter(household__in=more)[:30]:
        pay(charge, actor=world.staff)
    ledger.levy.refresh_from_db()
    client.get(levy_url(world, ledger.levy))
    large = measure()
    assert large == small
    with django_assert_max_num_queries(small):
        client.get(levy_url(world, ledger.levy, room="501"))


def test_board_lists_levies_and_funds_with_headline_figures(
    client, world, ledger, django_assert_max_num_queries
):
    fund = services.fund_create(
        community=world.home,
        compound=world.compound,
        name="幸福基金",
        kind=Fund.Kind.HAPPINESS,
        actor=world.admin,
    )
    pay(ledger.charges[0], actor=world.staff)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("funds_public:board", args=[world.compound.public_token]))
    html = response.content.decode()
    assert "安装监控" in html and "幸福基金" in html
    assert reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk]) in html
    assert reverse("funds_public:fund", args=[world.compound.public_token, fund.pk]) in html
    assert response["X-Robots-Tag"].startswith("noindex")


def test_the_compound_board_links_to_the_ledgers(client, world):
    html = client.get(reverse("public_board", args=[world.compound.public_token])).content.decode()
    assert reverse("funds_public:board", args=[world.compound.public_token]) in html


def test_fund_page_masks_donors_and_shows_the_balance(client, world, happiness_fund):
    fund = happiness_fund
    services.income_record(
        fund=fund,
        kind="donation",
        amount=Decimal("500.00"),
        received_on=datetime.date(2026, 10, 1),
        donor_name="王大明",
        actor=world.treasurer,
    )
    services.expense_record(
        fund=fund,
        payee="花店",
        purpose="慰问品",
        amount=Decimal("80.00"),
        spent_on=datetime.date(2026, 10, 9),
        actor=world.treasurer,
    )
    response = client.get(reverse("funds_public:fund", args=[world.compound.public_token, fund.pk]))
    html = response.content.decode()
    assert "王**" in html and "王大明" not in html
    assert 'data-figure="balance">¥420.00<' in html
    assert "慰问品" in html
    assert response["X-Robots-Tag"].startswith("noindex")


def test_a_community_wide_fund_is_public_on_every_compound_board_of_its_community(client, world):
    from tests.factories import CompoundFactory

    fund = services.fund_create(
        community=world.home, name="社区幸福基金", kind=Fund.Kind.HAPPINESS, actor=world.treasurer
    )
    services.income_record(
        fund=fund,
        kind="donation",
        amount=Decimal("300.00"),
        received_on=datetime.date(2026, 10, 1),
        donor_name="",
        actor=world.treasurer,
    )
    make_households(world.compound, [701], renovated=True)
    levy = services.levy_create(
        compound=world.compound, purpose="楼道照明", amount=Decimal("20.00"), fund=fund, actor=world.treasurer
    ).levy
    second = CompoundFactory(community=world.home, name="西新巷小区")
    for compound in (world.compound, second):
        board_html = client.get(reverse("funds_public:board", args=[compound.public_token])).content.decode()
        url = reverse("funds_public:fund", args=[compound.public_token, fund.pk])
        assert url in board_html and "社区幸福基金" in board_html
        html = client.get(url).content.decode()
        assert 'data-figure="balance">¥300.00<' in html
        assert compound.name in html
    # The levy of the first compound that feeds the fund is listed on that compound's page only (each compound
    # has its own cached page of the fund).
    first = client.get(
        reverse("funds_public:fund", args=[world.compound.public_token, fund.pk])
    ).content.decode()
    other = client.get(reverse("funds_public:fund", args=[second.public_token, fund.pk])).content.decode()
    assert reverse("funds_public:levy", args=[world.compound.public_token, levy.pk]) in first
    assert "楼道照明" not in other and world.compound.public_token not in other
    # Another community's compound does not open it.
    elsewhere = reverse("funds_public:fund", args=[world.other_compound.public_token, fund.pk])
    assert client.get(elsewhere).status_code == 404
    board_html = client.get(
        reverse("funds_public:board", args=[world.other_compound.public_token])
    ).content.decode()
    assert "社区幸福基金" not in board_html


def test_another_compounds_levy_is_404(client, world, ledger):
    from tests.factories import CompoundFactory

    elsewhere = CompoundFactory(community=world.home, name="别的小区")
    url = reverse("funds_public:levy", args=[elsewhere.public_token, ledger.levy.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("funds_public:levy", args=["no-such-token", ledger.levy.pk])).status_code == 404


def test_cancelled_levy_says_so(client, world, ledger):
    pay(ledger.charges[0], actor=world.staff)
    services.levy_cancel(levy=ledger.levy, reason="方案变更", actor=world.treasurer)
    html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert 'data-figure="collected">¥0.00<' in html
    assert 'class="error"' in html


def test_household_factory_phone_is_what_we_hide():
    # Guard for the privacy tests above: the factory's households do carry a phone number.
    assert HouseholdFactory.phone == "13812345678"


def test_cached_page_carries_each_visitors_own_csrf_token_and_the_form_works(world, ledger, shared_cache):
    import re

    from django.test import Client

    from funds.models import Inquiry

    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        html = visitor.get(levy_url(world, ledger.levy)).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        response = visitor.post(
            levy_url(world, ledger.levy), {"csrfmiddlewaretoken": token, "ask-text": "账目何时公示？"}
        )
        assert response.status_code == 302
    assert tokens[0] != tokens[1]
    assert Inquiry.objects.count() == 2


def test_the_found_room_is_not_cached_for_the_next_visitor(client, world, ledger, shared_cache):
    assert 'data-found="1栋1单元501"' in client.get(levy_url(world, ledger.levy, room="501")).content.decode()
    assert "data-found" not in client.get(levy_url(world, ledger.levy)).content.decode()
    assert 'data-found="1栋1单元502"' in client.get(levy_url(world, ledger.levy, room="502")).content.decode()


def test_fund_page_queries_do_not_grow_with_entries(
    client, world, django_assert_max_num_queries, count_queries
):
    fund = services.fund_create(
        community=world.home,
        compound=world.compound,
        name="幸福基金",
        kind=Fund.Kind.HAPPINESS,
        actor=world.admin,
    )
    url = reverse("funds_public:fund", args=[world.compound.public_token, fund.pk])

    def add(n):
        for i in range(n):
            services.income_record(
                fund=fund,
                kind="donation",
                amount=Decimal("10.00"),
                received_on=datetime.date(2026, 10, 1),
                donor_name=f"捐赠人{i}",
                actor=world.treasurer,
            )
            services.expense_record(
                fund=fund,
                payee="花店",
                purpose=f"慰问品{i}",
                amount=Decimal("5.00"),
                spent_on=datetime.date(2026, 10, 2),
                actor=world.treasurer,
            )

    def page():
        assert client.get(url).status_code == 200

    add(1)
    few = count_queries(page)  # cold: renders the ledger
    add(10)
    assert count_queries(page) == few
    with django_assert_max_num_queries(few):
        client.get(url)
