"""Bidirectional-override characters in the funds forms and services: a resident's question on a levy page and
a treasurer's levy are refused with a clear message; services strip them from every text they store."""

import datetime
from decimal import Decimal

from django.urls import reverse

from funds import services
from funds.models import Inquiry, Levy

from .conftest import pay

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "<U+202E>txt.exe" shows as "exe.txt"
LRI, PDI = "\u2066", "\u2069"


def test_fix_05_question_form_on_a_levy_page_refuses_the_controls(client, world, ledger):
    url = reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk])
    response = client.post(
        url, {"ask-text": f"为什么{RLO}txt.exe", "ask-contact": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "invisible direction-changing characters" in response.content.decode()
    assert not Inquiry.objects.exists()


def test_fix_05_question_form_refuses_them_in_the_contact_too(client, world, ledger):
    url = reverse("funds_public:levy", args=[world.compound.public_token, ledger.levy.pk])
    response = client.post(url, {"ask-text": "为什么？", "ask-contact": f"{LRI}139{PDI}"})
    assert response.status_code == 200
    assert not Inquiry.objects.exists()


def test_fix_05_staff_levy_form_refuses_the_controls(world, login):
    response = login(world.treasurer).post(
        reverse("funds:levy_create", kwargs={"slug": world.home.slug}),
        {
            "compound": world.compound.pk,
            "purpose": f"安装{RLO}监控",
            "basis": "household",
            "amount": "50",
            "recurrence": "once",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"purpose"}
    assert "invisible direction-changing characters" in response.content.decode()
    assert not Levy.objects.exists()


def test_fix_05_funds_services_strip_the_controls_from_what_they_store(world, ledger):
    levy = services.levy_create(
        compound=world.compound,
        purpose=f"{RLO}修路灯",
        description=f"说{RLO}明",
        scope_description=f"{LRI}全体{PDI}",
        amount=Decimal("10.00"),
        actor=world.treasurer,
    ).levy
    assert (levy.purpose, levy.description, levy.scope_description) == ("修路灯", "说明", "全体")
    assert levy.fund.name == "修路灯"

    payment = pay(ledger.charges[0])
    pay(ledger.charges[1])  # enough in the fund for the expense and the reversal below
    inquiry = services.inquiry_submit(
        compound=world.compound, levy=ledger.levy, text=f"{RLO}txt.exe", contact=f"139{RLO}"
    )
    assert (inquiry.text, inquiry.contact_private) == ("txt.exe", "139")
    answer = services.inquiry_answer(inquiry=inquiry, text=f"答{RLO}复", actor=world.staff)
    assert answer.text == "答复"

    expense = services.expense_record(
        fund=ledger.fund,
        payee=f"{RLO}安装公司",
        purpose=f"摄像头{PDI}",
        amount=Decimal("10"),
        spent_on=datetime.date(2026, 5, 1),
        actor=world.treasurer,
    )
    assert (expense.payee, expense.purpose) == ("安装公司", "摄像头")

    snapshot = services.snapshot_publish(levy=ledger.levy, period=f"第{RLO}一期", actor=world.treasurer)
    assert snapshot.period == "第一期"
    correction = services.snapshot_correct(snapshot=snapshot, text=f"更{RLO}正", actor=world.treasurer)
    assert correction.text == "更正"
    reversal = services.payment_reverse(payment=payment, reason=f"{RLO}重复", actor=world.treasurer)
    assert reversal.reason == "重复"
