"""Issue 11, item 1: after asking a question on a ledger, the resident sees a confirmation where the form was
and keeps a private link to the question and its answer; `manage.py daily` erases the asker's contact and
ends the link a set number of days after the answer, while the question itself (and every count) stays."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from funds import services
from funds.models import Inquiry, InquiryAnswer


def levy_url(world, levy):
    return reverse("funds_public:levy", args=[world.compound.public_token, levy.pk])


def ask(client, world, levy, text="监控什么时候装好？", contact="13900001111"):
    return client.post(levy_url(world, levy), {"ask-text": text, "ask-contact": contact})


def _questions_section(html: str) -> str:
    return html[html.index('id="questions"') :]


def _private_link(html: str) -> str:
    match = re.search(r'href="(/q/[^"]+/)"', html)
    assert match, "no private link to the question on the page"
    return match.group(1)


def test_phone_01_the_confirmation_replaces_the_form_and_gives_a_private_link(client, world, ledger):
    response = ask(client, world, ledger.levy)
    assert response.status_code == 302
    assert response["Location"].endswith("#asked")
    html = client.get(response["Location"]).content.decode()
    questions = _questions_section(html)
    # Where the form was: the confirmation, saying when the question appears; no empty form.
    assert 'id="asked"' in questions and 'role="status"' in questions
    assert 'name="ask-text"' not in questions
    assert "staff" in questions.lower() or "工作人员" in questions
    link = _private_link(questions)
    inquiry = Inquiry.objects.get()
    assert link == reverse("funds_public:question", args=[inquiry.token])
    # Only for the one who asked, and only once: another visitor (and the next visit) gets the form.
    assert 'id="asked"' not in Client().get(levy_url(world, ledger.levy)).content.decode()
    assert 'name="ask-text"' in client.get(levy_url(world, ledger.levy)).content.decode()


def test_phone_01_the_private_link_shows_the_question_its_state_and_then_its_answer(client, world, ledger):
    ask(client, world, ledger.levy, text="监控装在哪里？")
    inquiry = Inquiry.objects.get()
    link = reverse("funds_public:question", args=[inquiry.token])

    page = Client().get(link)  # from another phone too: the link is what counts
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    html = page.content.decode()
    assert "监控装在哪里？" in html
    assert "13900001111" not in html  # the contact is never shown, not even here
    assert 'data-state="pending"' in html

    services.inquiry_answer(inquiry=inquiry, text="装在大门和车棚。", actor=world.treasurer)
    html = Client().get(link).content.decode()
    assert "装在大门和车棚。" in html
    assert 'data-state="published"' in html
    assert Client().get(reverse("funds_public:question", args=["not-a-token"])).status_code == 404


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.mark.parametrize("days", [90, 30])
def test_phone_01_daily_erases_the_contact_and_ends_the_link_days_after_the_answer(
    client, world, ledger, settings, days
):
    settings.HEHUO_INQUIRY_LINK_DAYS = days
    for text in ("第一个问题", "第二个问题", "第三个问题"):
        ask(client, world, ledger.levy, text=text)
    old, recent, unanswered = Inquiry.objects.order_by("id")
    for inquiry, answered in ((old, _days_ago(days + 1)), (recent, _days_ago(days - 1))):
        answer = services.inquiry_answer(inquiry=inquiry, text="答复", actor=world.treasurer)
        InquiryAnswer.objects.filter(pk=answer.pk).update(answered_at=answered)
    published_before = Inquiry.objects.filter(state=Inquiry.State.PUBLISHED).count()

    out = io.StringIO()
    call_command("daily", stdout=out)
    assert "inquiry_contacts" in out.getvalue()

    old.refresh_from_db(), recent.refresh_from_db(), unanswered.refresh_from_db()
    assert old.contact_private == ""
    assert recent.contact_private == unanswered.contact_private == "13900001111"
    assert Client().get(reverse("funds_public:question", args=[old.token])).status_code == 404
    assert Client().get(reverse("funds_public:question", args=[recent.token])).status_code == 200
    assert Client().get(reverse("funds_public:question", args=[unanswered.token])).status_code == 200
    # The counts survive: every question is still there, and the old one is still public with its answer.
    assert Inquiry.objects.count() == 3
    assert Inquiry.objects.filter(state=Inquiry.State.PUBLISHED).count() == published_before
    assert "第一个问题" in client.get(levy_url(world, ledger.levy)).content.decode()

    again = io.StringIO()
    call_command("daily", stdout=again)  # a second run finds nothing left to do
    assert re.search(r"inquiry_contacts: erased the contact of 0 ", again.getvalue())
