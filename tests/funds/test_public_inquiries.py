"""Residents' questions (质询) about a ledger: rate-limited, moderated, answered publicly, contact private."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from communities.errors import DomainError
from communities.models import AuditEntry
from funds import services
from funds.models import Inquiry
from funds.queries import questions_waiting


def levy_url(world, levy):
    return reverse("funds_public:levy", args=[world.compound.public_token, levy.pk])


def ask(client, world, levy, text="为什么监控只装了两个？", contact="13900001111", **extra):
    data = {"ask-text": text, "ask-contact": contact, **{f"ask-{k}": v for k, v in extra.items()}}
    return client.post(levy_url(world, levy), data)


def test_a_question_waits_for_moderation_then_appears_with_its_answer(client, world, ledger, login):
    response = ask(client, world, ledger.levy)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.state == Inquiry.State.PENDING
    assert inquiry.contact_private == "13900001111"
    assert inquiry in questions_waiting(world.home)  # the staff dashboard sees it
    html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert "为什么监控只装了两个" not in html  # not public before moderation

    staff = login(world.staff)
    page = staff.get(reverse("funds:questions", args=[world.home.slug])).content.decode()
    assert "为什么监控只装了两个" in page
    detail = staff.get(reverse("funds:question", args=[world.home.slug, inquiry.pk]))
    assert "13900001111" in detail.content.decode()  # staff see the contact
    staff.post(reverse("funds:question", args=[world.home.slug, inquiry.pk]), {"action": "publish"})
    staff.logout()

    html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert "为什么监控只装了两个" in html
    assert "data-waiting" in html  # shows how long it has waited
    assert "13900001111" not in html

    treasurer = login(world.treasurer)
    treasurer.post(
        reverse("funds:question", args=[world.home.slug, inquiry.pk]),
        {"action": "answer", "text": "第二批两个下月安装。"},
    )
    treasurer.logout()
    html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert "第二批两个下月安装。" in html
    assert "data-waiting" not in html
    assert inquiry not in questions_waiting(world.home)
    assert set(AuditEntry.objects.filter(target_id=str(inquiry.pk)).values_list("action", flat=True)) >= {
        "inquiry.submit",
        "inquiry.publish",
        "inquiry.answer",
    }


def test_question_text_is_escaped(client, world, ledger):
    ask(client, world, ledger.levy, text="<script>alert(1)</script>")
    inquiry = Inquiry.objects.get()
    services.inquiry_answer(inquiry=inquiry, text="<b>ok</b>", actor=world.staff)
    html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;ok&lt;/b&gt;" in html


def test_a_rejected_question_never_appears_and_cannot_be_answered(client, world, ledger, login):
    ask(client, world, ledger.levy, text="某某是骗子")
    inquiry = Inquiry.objects.get()
    staff = login(world.staff)
    staff.post(reverse("funds:question", args=[world.home.slug, inquiry.pk]), {"action": "reject"})
    staff.logout()
    assert "某某是骗子" not in client.get(levy_url(world, ledger.levy)).content.decode()
    with pytest.raises(DomainError):
        services.inquiry_answer(inquiry=inquiry, text="…", actor=world.staff)


def test_questions_are_rate_limited(client, world, ledger, shared_cache):
    for n in range(3):
        assert ask(client, world, ledger.levy, text=f"问题{n}").status_code == 302
    response = ask(client, world, ledger.levy, text="第四个")
    assert response.status_code == 200
    assert "提交的质询过多" in response.content.decode()
    assert Inquiry.objects.count() == 3


def test_empty_question_is_a_form_error(client, world, ledger):
    response = ask(client, world, ledger.levy, text="   ")
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_question_about_an_expense_line(client, world, ledger):
    from .conftest import pay

    for charge in ledger.charges:
        pay(charge, actor=world.staff)
    expense = services.expense_record(
        fund=ledger.fund,
        levy=ledger.levy,
        payee="平安电子",
        purpose="摄像头",
        amount=Decimal("100.00"),
        spent_on=datetime.date(2026, 11, 1),
        actor=world.treasurer,
    )
    ask(client, world, ledger.levy, text="发票在哪？", expense=expense.pk)
    inquiry = Inquiry.objects.get()
    assert inquiry.expense == expense
    services.inquiry_moderate(inquiry=inquiry, publish=True, actor=world.staff)
    html = client.get(levy_url(world, ledger.levy)).content.decode()
    assert f'href="#expense-{expense.pk}"' in html


def test_a_question_cannot_name_another_compounds_ledger(world, ledger):
    from tests.factories import CompoundFactory

    elsewhere = CompoundFactory(community=world.home)
    with pytest.raises(DomainError):
        services.inquiry_submit(compound=elsewhere, levy=ledger.levy, text="?")


def test_moderating_twice_is_refused_and_answer_needs_text(world, ledger, login):
    inquiry = services.inquiry_submit(compound=world.compound, levy=ledger.levy, text="?")
    services.inquiry_moderate(inquiry=inquiry, publish=True, actor=world.staff)
    with pytest.raises(DomainError):
        services.inquiry_moderate(inquiry=inquiry, publish=False, actor=world.staff)
    client = login(world.staff)
    response = client.post(
        reverse("funds:question", args=[world.home.slug, inquiry.pk]),
        {"action": "answer", "text": ""},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_observer_cannot_answer(world, ledger, login):
    inquiry = services.inquiry_submit(compound=world.compound, levy=ledger.levy, text="?")
    client = login(world.observer)
    response = client.post(
        reverse("funds:question", args=[world.home.slug, inquiry.pk]),
        {"action": "answer", "text": "x"},
    )
    assert response.status_code == 403
    assert not inquiry.answers.exists()


def test_a_question_about_a_fund(client, world, happiness_fund):

    fund = happiness_fund
    url = reverse("funds_public:fund", args=[world.compound.public_token, fund.pk])
    assert client.post(url, {"ask-text": "基金余额用在哪里？"}).status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.fund == fund and inquiry.levy is None
    services.inquiry_answer(inquiry=inquiry, text="用于慰问困难户。", actor=world.treasurer)
    html = client.get(url).content.decode()
    assert "基金余额用在哪里？" in html and "用于慰问困难户。" in html
