"""The staff pages and the residents' pages of the needs list: they work, refuse bad input, keep observers
read-only, and run a constant number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from communities.models import AuditEntry
from funds.models import Income
from needs import services
from needs.models import CoverageMark, MeToo, Need, Review, State
from tests.factories import HouseholdFactory

from .helpers import fund, need, partner, photo

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(f"needs:{name}", kwargs={"slug": world.home.slug, **kwargs})


def test_staff_record_a_need_on_one_page_with_a_photo(world, login):
    staff = login(world.staff)
    response = staff.post(
        url("need_create", world),
        {
            "title": "3栋楼道灯坏了",
            "compound": world.compound.pk,
            "category": "safety",
            "channel": "doorstep",
            "raised_by": "household",
            "household_label": world.household.label,
            "photos": [photo("a.jpg"), photo("b.jpg")],
        },
    )
    created = Need.objects.get(title="3栋楼道灯坏了")
    assert response.status_code == 302 and response["Location"] == url("need", world, pk=created.pk)
    assert created.household == world.household and created.photos.count() == 2
    assert created.review == Review.PUBLISHED and created.state == State.COLLECTED


def test_a_need_form_without_a_title_or_with_an_unknown_room_says_so(world, login):
    staff = login(world.staff)
    response = staff.post(
        url("need_create", world),
        {
            "title": "",
            "compound": world.compound.pk,
            "category": "safety",
            "channel": "doorstep",
            "raised_by": "anonymous",
        },
    )
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    response = staff.post(
        url("need_create", world),
        {
            "title": "x",
            "compound": world.compound.pk,
            "category": "safety",
            "channel": "doorstep",
            "raised_by": "household",
            "household_label": "99栋9单元999",
        },
    )
    assert response.status_code == 200 and "99栋9单元999" in response.content.decode()
    assert not Need.objects.exists()


def test_an_intake_session_records_several_needs_on_one_page(world, login):
    staff = login(world.staff)
    data = {
        "compound": world.compound.pk,
        "channel": "bench",
        "held_on": "2026-05-01",
        "place": "3栋楼下",
        "attendees": "17",
        "notes_photo": photo("notes.jpg"),
    }
    for i, title in enumerate(["停车乱", "健身器材", "楼道杂物", "路灯"], start=1):
        data[f"title_{i}"] = title
        data[f"category_{i}"] = "parking" if i == 1 else "facilities"
    response = staff.post(url("session_create", world), data)
    assert response.status_code == 302
    needs = Need.objects.filter(session__isnull=False)
    assert needs.count() == 4 and {n.channel for n in needs} == {"bench"}
    page = staff.get(response["Location"]).content.decode()
    assert "停车乱" in page and "路灯" in page


def test_staff_review_triage_and_move_a_residents_need_on_its_page(world, login):
    sent, _token = services.need_submit(compound=world.compound, title="健身器材坏了", category="facilities")
    staff = login(world.staff)
    assert "健身器材坏了" in staff.get(url("review_queue", world)).content.decode()
    staff.post(url("need_review", world, pk=sent.pk), {"publish": "1", "title": "健身器材坏了", "reason": ""})
    staff.post(
        url("need_triage", world, pk=sent.pk), {"urgent": "1", "important": "0", "rationale": "老人每天用"}
    )
    staff.post(
        url("need_status", world, pk=sent.pk), {"state": "in_progress", "note": "已联系厂家", "public": "on"}
    )
    response = staff.post(
        url("need_status", world, pk=sent.pk),
        {"state": "done", "result": "", "after_photos": [photo()]},
    )
    assert response.status_code == 200  # no result: refused, with the form
    response = staff.post(
        url("need_status", world, pk=sent.pk),
        {"state": "done", "result": "已更换", "after_photos": [photo()]},
    )
    sent.refresh_from_db()
    assert response.status_code == 302 and sent.state == State.DONE and sent.quadrant == "quick_win"


def test_observers_read_the_need_and_change_nothing(world, login):
    n = need(world)
    observer = login(world.observer)
    page = observer.get(url("need", world, pk=n.pk)).content.decode()
    assert n.title in page and url("need_status", world, pk=n.pk) not in page
    assert observer.post(url("need_status", world, pk=n.pk), {"state": "deliberation"}).status_code == 403
    assert Need.objects.get(pk=n.pk).state == State.COLLECTED


def test_a_money_delivery_is_for_a_treasurer_and_one_form_records_once(world, login):
    n = need(world, "幸福小屋")
    p = services.pledge_create(need=n, partner=partner(world), kind="money", amount="500", actor=world.staff)
    happiness = fund(world)
    path = url("delivery_create", world, pk=n.pk, pledge_pk=p.pk)
    assert login(world.staff).get(path).status_code == 403
    treasurer = login(world.treasurer)
    data = {"key": "form-1", "delivered_on": "2026-05-01", "fund": happiness.pk, "amount": "500"}
    assert treasurer.post(path, data).status_code == 302
    assert treasurer.post(path, data).status_code == 302
    assert Income.objects.filter(donor_partner=p.partner).count() == 1
    assert "¥500.00" in treasurer.get(url("need", world, pk=n.pk)).content.decode()


def test_coverage_is_ticked_by_room_and_on_the_list_and_unticking_is_audited(world, login):
    n = need(world, "通天然气")
    other = HouseholdFactory(compound=world.compound, room="502", residents=None)
    staff = login(world.staff)
    staff.post(url("coverage", world, pk=n.pk), {"rooms": world.household.label, "household": [other.pk]})
    assert CoverageMark.objects.filter(need=n).count() == 2
    staff.post(url("coverage", world, pk=n.pk), {"unmark": other.pk})
    assert CoverageMark.objects.filter(need=n).count() == 1
    assert AuditEntry.objects.filter(action="coverage.unmark").exists()
    response = staff.post(url("coverage", world, pk=n.pk), {"rooms": "88栋888"})
    assert "88栋888" in response.content.decode()


def test_the_staff_list_runs_the_same_queries_for_few_or_many_needs(world, login, count_queries):
    staff = login(world.staff)

    def page():
        assert staff.get(url("needs", world), {"state": "open"}).status_code == 200

    need(world, "一")
    few = count_queries(page)
    for i in range(25):
        n = need(world, f"需求{i}")
        services.metoo_add(need=n, browser=f"{i:064d}")
    assert count_queries(page) == few


def test_the_list_flags_needs_overdue_in_their_state(world, login):
    from datetime import timedelta

    from django.utils import timezone

    old = need(world, "很久的需求")
    need(world, "新的需求")
    Need.objects.filter(pk=old.pk).update(state_since=timezone.now() - timedelta(days=31))
    html = login(world.staff).get(url("needs", world), {"overdue": "on"}).content.decode()
    assert "很久的需求" in html and "新的需求" not in html and "data-overdue" in html


def test_the_household_and_partner_pages_list_needs_me_toos_and_pledges(world, login):
    n = need(world, "电动车充电桩", raised_by="household", household=world.household)
    services.metoo_add(need=need(world, "路灯"), household=world.household)
    who = partner(world)
    services.pledge_create(
        need=n, partner=who, kind="space", item="车库", estimated_value="3000", actor=world.staff
    )
    staff = login(world.staff)
    household_page = staff.get(reverse("communities:household", args=[world.home.slug, world.household.pk]))
    assert "电动车充电桩" in household_page.content.decode() and "路灯" in household_page.content.decode()
    partner_page = staff.get(reverse("partners:partner", args=[world.home.slug, who.pk])).content.decode()
    assert "电动车充电桩" in partner_page


# --- residents' pages ----------------------------------------------------------------------------------


def board(client, world):
    return client.get(reverse("public_board", args=[world.compound.public_token])).content.decode()


def test_the_board_shows_open_needs_their_figures_and_done_ones_as_a_count(client, world):
    gas = need(world, "西新巷通天然气")
    services.need_triage(need=gas, urgent=True, important=True, rationale="冬天做饭取暖", actor=world.staff)
    households = [HouseholdFactory(compound=world.compound, room=f"{600 + i}", residents=2) for i in range(3)]
    households.append(HouseholdFactory(compound=world.compound, room="700", residents=None))
    Need.objects.filter(pk=gas.pk).update(coverage_label="已通气")
    services.coverage_mark(need=gas, households=households, actor=world.staff)
    services.metoo_add(need=gas, household=world.household)
    done = need(world, "修好的路灯")
    services.need_set_status(need=done, state=State.IN_PROGRESS, actor=world.staff)
    services.need_set_status(
        need=done, state=State.DONE, result="好了", after_photos=[photo()], actor=world.staff
    )
    html = board(client, world)
    assert "西新巷通天然气" in html and "冬天做饭取暖" in html
    assert "已通气" in html and "4/5" in html and "6" in html
    assert 'data-metoo="1"' in html
    assert 'data-done="1"' in html and "修好的路灯" not in html


def test_the_board_and_the_full_list_cost_the_same_queries_for_3_or_30_needs(client, world, count_queries):
    from django.core.cache import cache

    from communities import public_cache

    token = world.compound.public_token

    def pages():
        public_cache.clear_local()
        cache.clear()
        assert client.get(reverse("public_board", args=[token])).status_code == 200
        assert client.get(reverse("needs_public:list", args=[token])).status_code == 200

    for i in range(3):
        n = need(world, f"需求{i}")
    services.coverage_mark(need=n, households=[world.household], actor=world.staff)
    few = count_queries(pages)
    for i in range(30):
        n = need(world, f"多{i}")
        services.metoo_add(need=n, browser=f"{i:064d}")
        services.pledge_create(
            need=n, partner=partner(world, f"p{i}"), kind="money", amount="10", actor=world.staff
        )
        services.coverage_mark(need=n, households=[world.household], actor=world.staff)
    assert count_queries(pages) == few


def test_a_resident_sends_a_need_and_follows_it_on_their_private_link(client, world):
    submit = reverse("needs_public:submit", args=[world.compound.public_token])
    response = client.post(
        submit,
        {
            "title": "<script>x</script>小区门口积水",
            "category": "environment",
            "contact": "13900001111",
            "name": "王芳",
        },
    )
    assert response.status_code == 302 and response["Location"].startswith("/n/")
    follow = client.get(response["Location"]).content.decode()
    assert "13900001111" in follow and "&lt;script&gt;" in follow and "<script>x" not in follow
    sent = Need.objects.get()
    assert sent.review == Review.PENDING and sent.follow_hash and sent.submitter_name == "王芳"
    # Not on the board before review.
    assert "小区门口积水" not in board(client, world)
    services.need_review(need=sent, publish=True, actor=world.staff)
    html = board(client, world)
    assert "小区门口积水" in html and "王" not in html.split("小区门口积水")[1][:400]


def test_a_masked_name_shows_only_when_both_the_community_and_the_resident_chose_it(client, world):
    sent, _t = services.need_submit(
        compound=world.compound, title="加装扶手", category="elderly", name="王芳", show_name_masked=True
    )
    services.need_review(need=sent, publish=True, actor=world.staff)
    assert "王*" not in board(client, world)
    world.home.public_names_masked = True
    world.home.names_version += 1
    world.home.save()
    assert "王*" in board(client, world)


def test_me_too_once_per_browser_and_per_household_through_the_gate(client, world):
    n = need(world, "停车乱")
    path = reverse("needs_public:metoo", args=[world.compound.public_token, n.pk])
    client.post(path)
    client.post(path)
    assert MeToo.objects.filter(need=n).count() == 1
    client.post(
        reverse("public_board", args=[world.compound.public_token]), {"code": world.household.access_code}
    )
    client.post(path)  # the same browser, now its household's: still one
    assert (
        MeToo.objects.filter(need=n).count() == 1 and MeToo.objects.get(need=n).household == world.household
    )
    client.post(path, {"action": "withdraw"})
    assert not MeToo.objects.filter(need=n).exists()


def test_the_notice_prints_the_open_needs_that_fit_and_how_many_more(client, world):
    for i in range(15):
        need(world, f"需求{i:02d}")
    html = client.get(reverse("needs_public:notice", args=[world.compound.public_token])).content.decode()
    assert "<svg" in html and "需求14" in html and "需求00" not in html
    assert "3" in html.split('class="more"')[1][:200]


def test_a_merged_need_redirects_to_the_one_it_was_merged_into(client, world):
    a, b = need(world, "a"), need(world, "b")
    services.need_merge(need=b, into=a, actor=world.staff)
    response = client.get(reverse("needs_public:need", args=[world.compound.public_token, b.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"/needs/{a.pk}/")


def test_another_compounds_token_does_not_open_the_need(client, world):
    theirs = need(world, "桂花", compound=world.other_compound, actor=world.outsider)
    response = client.get(reverse("needs_public:need", args=[world.compound.public_token, theirs.pk]))
    assert response.status_code == 404


__all__ = ["Decimal"]
