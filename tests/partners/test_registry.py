"""The registry pages: list, filters, profile, adding with consents, the personal link, observers' masking."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.models import Consent, Partner, PartnerStatus

pytestmark = pytest.mark.django_db


def add(world, name, mobile, **fields):
    fields.setdefault("form", Partner.Form.PERSON)
    fields.setdefault("kind", "volunteer")
    return services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True),
        name=name,
        mobile=mobile,
        **fields,
    )


def list_url(world, **query):
    from urllib.parse import urlencode

    return reverse("partners:partners", args=[world.home.slug]) + ("?" + urlencode(query) if query else "")


def test_the_registry_filters_by_kind_offer_skill_compound_status_and_finds_by_name_or_phone(world, login):
    add(world, "熊爹爹", "13800000001", kind="active_resident", offers_space=True, compound=world.compound)
    add(world, "王师傅", "13800000002", offers_skills=True, skill_tags="电工,水管")
    leaver = add(world, "赵六", "13800000003")
    services.partner_status_record(
        partner=leaver, change="left", on=timezone.localdate(leaver.created_at), actor=world.staff
    )
    client = login(world.observer)

    def names(**query):
        page = client.get(list_url(world, **query))
        assert page.status_code == 200
        return {p.name for p in page.context["page"]}

    assert names() == {"熊爹爹", "王师傅", "赵六"}
    assert names(kind="active_resident") == {"熊爹爹"}
    assert names(offer="space") == {"熊爹爹"}
    assert names(skill="电工") == {"王师傅"}
    assert names(compound=world.compound.pk) == {"熊爹爹"}
    assert names(status="left") == {"赵六"}
    assert names(status="active") == {"熊爹爹", "王师傅"}
    assert names(q="王") == {"王师傅"}
    assert names(q="0000002") == {"王师傅"}
    assert names(q="138 0000 0001") == {"熊爹爹"}


def test_the_registry_runs_the_same_queries_for_3_or_30_partners(world, login, count_queries):
    client = login(world.staff)
    for n in range(3):
        add(world, f"志愿者{n}", f"1380000{n:04d}")

    def page():
        assert client.get(list_url(world)).status_code == 200

    few = count_queries(page)
    for n in range(3, 30):
        add(world, f"志愿者{n}", f"1380000{n:04d}")
    assert count_queries(page) == few


def test_staff_add_a_partner_with_paper_consents_and_observers_cannot(world, login):
    url = reverse("partners:partner_create", args=[world.home.slug])
    data = {
        "form": "person",
        "name": "袁阿姨",
        "kind": "active_resident",
        "mobile": "139 0000 0001",
        "offers": ["labour"],
        "skill_tags": "腰鼓",
        "joined_on": "2023-04-01",
        "consent_data_use": "on",
        "consent_public_naming": "on",
        "household_label": "1栋1单元501",
    }
    assert login(world.observer).post(url, data).status_code == 403
    response = login(world.staff).post(url, data)
    partner = Partner.objects.get(name="袁阿姨")
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:partner", args=[world.home.slug, partner.pk])
    assert partner.mobile == "13900000001" and partner.offers == ["labour"]
    assert partner.household == world.household and partner.compound == world.compound
    assert set(Consent.objects.filter(partner=partner).values_list("purpose", "how")) == {
        ("data_use", "paper"),
        ("public_naming", "paper"),
    }


def test_adding_without_the_data_consent_or_with_a_bad_phone_keeps_the_input(world, login):
    url = reverse("partners:partner_create", args=[world.home.slug])
    data = {
        "form": "person",
        "name": "袁阿姨",
        "kind": "active_resident",
        "mobile": "1390000001",
        "joined_on": "2023-04-01",
    }
    response = login(world.staff).post(url, data)
    assert response.status_code == 200 and not Partner.objects.exists()
    form = response.context["form"]
    assert form.errors  # the refusal is on the form
    assert 'value="袁阿姨"' in response.content.decode()  # the rest is kept


def test_an_observer_sees_the_phone_masked(world, login):
    partner = add(world, "熊爹爹", "13800000001")
    url = reverse("partners:partner", args=[world.home.slug, partner.pk])
    assert "138****0001" in login(world.observer).get(url).content.decode()
    assert "13800000001" not in login(world.observer).get(url).content.decode()
    assert "13800000001" in login(world.staff).get(url).content.decode()


def test_the_personal_link_page_is_private_shows_no_phone_and_a_new_link_ends_the_old(world, login, client):
    partner = add(world, "熊爹爹", "13800000001")
    staff = login(world.staff)
    url = reverse("partners:partner_link", args=[world.home.slug, partner.pk])
    assert staff.get(url).status_code == 200  # asks first
    first = staff.post(url).context["link"]
    second = staff.post(url).context["link"]
    staff.logout()
    old = client.get(first.replace("http://testserver", ""))
    new = client.get(second.replace("http://testserver", ""))
    assert old.status_code == 404
    html = new.content.decode()
    assert new.status_code == 200 and "熊爹爹" in html
    assert "13800000001" not in html and "0001" not in html
    assert new["X-Robots-Tag"].startswith("noindex") and new["Referrer-Policy"] == "same-origin"


def test_leaving_is_recorded_with_a_date_not_before_the_joining(world, login):
    import datetime

    partner = add(world, "赵六", "13800000003", joined_on=datetime.date(2026, 3, 1))
    url = reverse("partners:partner_status", args=[world.home.slug, partner.pk])
    early = login(world.staff).post(url, {"on": "2026-02-01", "note": ""})
    assert early.status_code == 200 and early.context["form"].errors["on"]
    response = login(world.staff).post(url, {"on": "2026-11-01", "note": "搬走了"})
    assert response.status_code == 302
    latest = PartnerStatus.objects.filter(partner=partner).order_by("-on", "-id").first()
    assert latest.change == "left" and str(latest.on) == "2026-11-01"


def test_another_communitys_partner_is_404_from_every_registry_page(world, login):
    theirs = services.partner_create(
        community=world.other,
        actor=world.outsider,
        consents=services.Consents(data_use=True),
        form="person",
        name="桂花",
        kind="volunteer",
    )
    client = login(world.admin)
    for name in (
        "partner",
        "partner_edit",
        "partner_status",
        "partner_consent",
        "partner_link",
        "partner_merge",
    ):
        assert (
            client.get(reverse(f"partners:{name}", args=[world.home.slug, theirs.pk])).status_code == 404
        ), name
