"""Donors on public ledgers: a partner's donation is named by the partner's own public-naming consent; a
snapshot never stores a person's name (个人捐赠) and an organisation's only with its consent; a withdrawn
consent takes the name off every public URL at once; the partner's profile and link list what they gave."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funds import services as funds
from funds.models import Fund
from partners import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(world):
    return funds.fund_create(
        community=world.home,
        compound=world.compound,
        name="幸福基金",
        kind=Fund.Kind.HAPPINESS,
        actor=world.admin,
    )


def partner(world, name, form="person", **consents):
    return services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True, **consents),
        form=form,
        name=name,
        kind="active_resident" if form == "person" else "",
    )


def give(world, fund, donor, amount="500.00"):
    return funds.income_record(
        fund=fund,
        kind="donation",
        amount=Decimal(amount),
        received_on=datetime.date(2026, 10, 1),
        donor_partner=donor,
        actor=world.treasurer,
    )


def public_urls(world, fund):
    token = world.compound.public_token
    urls = [reverse("public_board", args=[token]), reverse("funds_public:fund", args=[token, fund.pk])]
    urls += [reverse("funds_public:snapshot", args=[token, s.pk]) for s in fund.snapshots.all()]
    return urls


def test_a_withdrawn_consent_takes_the_name_off_every_public_url_snapshots_included(client, world, fund):
    person = partner(world, "王建国", public_naming=True)
    shop = partner(world, "双龙便民超市", form="organisation", public_naming=True, full_name=True)
    give(world, fund, person)
    give(world, fund, shop, "300.00")
    funds.snapshot_publish(fund=fund, period="2026年10月", actor=world.treasurer)
    page = client.get(
        reverse("funds_public:fund", args=[world.compound.public_token, fund.pk])
    ).content.decode()
    assert "王**" in page and "双龙便民超市" in page  # by their consents, before
    snapshot = fund.snapshots.get()
    assert "王" not in str(snapshot.content)  # a person's donation is a personal donation, forever
    assert "双龙便民超市" in str(snapshot.content)  # an organisation's name, with its consent

    services.consent_record(
        partner=person, purpose="public_naming", given=False, how="paper", actor=world.staff
    )

    for url in public_urls(world, fund):
        html = client.get(url).content.decode()
        assert "王建国" not in html and "王**" not in html, url


def test_an_organisation_without_naming_consent_is_not_named_in_a_snapshot(world, fund):
    unit = partner(world, "咸宁市某单位", form="organisation")
    give(world, fund, unit)
    snapshot = funds.snapshot_publish(fund=fund, period="2026年10月", actor=world.treasurer)
    row = snapshot.content["income"][0]
    assert row["donor"] == "" and "咸宁" not in str(snapshot.content)


def test_the_partners_profile_and_link_list_what_they_gave_without_reversed_gifts(client, world, fund, login):
    donor = partner(world, "熊爹爹")
    give(world, fund, donor, "200.00")
    wrong = give(world, fund, donor, "50.00")
    funds.income_reverse(income=wrong, reason="记错了", actor=world.treasurer)
    profile = (
        login(world.staff).get(reverse("partners:partner", args=[world.home.slug, donor.pk])).content.decode()
    )
    assert "¥200.00" in profile and "¥50.00" not in profile
    token = services.partner_link_issue(partner=donor, actor=world.staff)
    client.logout()
    link = client.get(reverse("partners_public:link", args=[token])).content.decode()
    assert "¥200.00" in link and "幸福基金" in link


def test_staff_record_a_donation_naming_a_partner(world, fund, login):
    shop = partner(world, "双龙便民超市", form="organisation")
    response = login(world.treasurer).post(
        reverse("funds:income_create", args=[world.home.slug]),
        {
            "fund": fund.pk,
            "kind": "donation",
            "amount": "100",
            "donor_partner": shop.pk,
            "received_on": "2026-10-01",
        },
    )
    assert response.status_code == 302
    assert fund.incomes.get().donor_partner == shop


def test_another_communitys_partner_cannot_be_named_as_donor(world, fund):
    theirs = services.partner_create(
        community=world.other,
        actor=world.outsider,
        consents=services.Consents(data_use=True),
        form="person",
        name="桂花",
        kind="volunteer",
    )
    from communities.errors import DomainError

    with pytest.raises(DomainError):
        give(world, fund, theirs)
