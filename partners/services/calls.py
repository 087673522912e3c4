"""Recruitment calls (招募令) and the applications that answer them.

Anyone answers a call from a phone, without an account. Nothing of a partner changes until staff accept: a
phone that matches a partner (or an earlier applicant) only attaches the application to them for review, and a
different name with a known phone is flagged "possible duplicate" (a couple or a pupil may share a phone: staff
decide). The applicant gets a link to this application only, of which only the hash is stored; it never opens a
partner's record. Every decision is audited.
"""

import datetime
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Community, Compound, Household

from ..models import Application, Consent, Kind, OffersMixin, Partner, PartnerStatus, RecruitmentCall, Team
from ._common import (
    CONSENT_TEXT_VERSION,
    clean_mobile,
    clean_skills,
    clean_text,
    hash_token,
    new_token,
    same_community,
)
from .partners import Consents, consent_record, current_change, partner_create, partner_status_record
from .teams import team_member_add

APPLICATION_FIELDS = (
    "form",
    "name",
    "kind",
    "work_unit",
    "mobile",
    "household_text",
    *OffersMixin.OFFER_FIELDS.values(),
    "skill_tags",
    "offer_text",
    "availability",
)


@transaction.atomic
def call_create(
    *,
    community: Community,
    title: str,
    wanted: str,
    until: datetime.date,
    actor,
    compound: Compound | None = None,
) -> RecruitmentCall:
    """Publish a call for a compound (its board) or for the whole community (the community board)."""
    same_community(community, compound)
    title = clean_text(title, max_length=200, field="title", required=True, what=_("Enter a title."))
    wanted = clean_text(wanted, max_length=2000, field="wanted", required=True, what=_("Say what is wanted."))
    if until < timezone.localdate():
        raise DomainError(_("The call must be open until today or later."), field="until")
    call = RecruitmentCall.objects.create(
        community=community,
        compound=compound,
        title=title,
        wanted=wanted,
        until=until,
        public_token=secrets.token_urlsafe(9),
        created_by=actor,
    )
    audit_record(
        community=community,
        actor=actor,
        action="call.create",
        target=call,
        changes={"title": [None, title], "until": [None, until.isoformat()]},
    )
    return call


@transaction.atomic
def call_close(*, call: RecruitmentCall, actor) -> RecruitmentCall:
    call = RecruitmentCall.objects.select_for_update().get(pk=call.pk)
    if call.closed_at is not None:
        raise DomainError(_("This call is closed already."))
    call.closed_at = timezone.now()
    call.save(update_fields=["closed_at"])
    audit_record(community=call.community, actor=actor, action="call.close", target=call)
    return call


def call_is_open(call: RecruitmentCall) -> bool:
    return call.closed_at is None and call.until >= timezone.localdate()


def _match(community_id: int, mobile: str, name: str) -> tuple[Partner | None, bool]:
    """(the partner with this phone, possible duplicate?) — by the normalised phone within the community."""
    if not mobile:
        return None, False
    partner = (
        Partner.objects.filter(community_id=community_id, mobile=mobile, merged_into__isnull=True)
        .order_by("id")
        .first()
    )
    if partner is not None:
        return partner, partner.name != name
    earlier = (
        Application.objects.filter(community_id=community_id, mobile=mobile, erased_at__isnull=True)
        .exclude(name=name)
        .exists()
    )
    return None, earlier


@transaction.atomic
def application_submit(
    *,
    call: RecruitmentCall,
    consents: Consents,
    household: Household | None = None,
    **fields: Any,
) -> tuple[Application, str]:
    """An answer to a call. Returns the application and the token of its private link (shown only now).

    `household` is the one the public gate verified (communities.public), never a posted id. The confirmation
    the applicant sees is the same whether or not their phone was known (no enumeration).
    """
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    call = RecruitmentCall.objects.select_related("community").get(pk=call.pk)
    if not call_is_open(call):
        raise DomainError(_("This call is closed. Ask the community office about other ways to take part."))
    if not consents.data_use:
        raise DomainError(
            _("Agree to the use of your data, so that the community office may contact you."),
            field="consent_data_use",
        )
    form = fields.get("form")
    if form not in Partner.Form.values:
        raise DomainError(_("Choose person or organisation."), field="form")
    name = clean_text(
        fields.get("name", ""), max_length=100, field="name", required=True, what=_("Enter your name.")
    )
    kind = fields.get("kind") or ""
    if form == Partner.Form.PERSON and kind not in Kind.values:
        raise DomainError(_("Choose which of these describes you."), field="kind")
    mobile = clean_mobile(fields.get("mobile", ""), required=True)
    same_community(call.community, household)
    token, token_hash = new_token()
    partner, duplicate = _match(call.community_id, mobile, name)
    application = Application.objects.create(
        community_id=call.community_id,
        call=call,
        form=form,
        name=name,
        kind=kind if form == Partner.Form.PERSON else "",
        work_unit=clean_text(fields.get("work_unit", ""), max_length=100, field="work_unit"),
        mobile=mobile,
        household=household,
        household_text=clean_text(fields.get("household_text", ""), max_length=50, field="household_text"),
        skill_tags=clean_skills(fields.get("skill_tags", "")),
        offer_text=clean_text(fields.get("offer_text", ""), max_length=2000, field="offer_text"),
        availability=clean_text(fields.get("availability", ""), max_length=200, field="availability"),
        matched_partner=partner,
        possible_duplicate=duplicate,
        link_hash=token_hash,
        **{field: bool(fields.get(field)) for field in OffersMixin.OFFER_FIELDS.values()},
    )
    for purpose, given in (
        (Consent.Purpose.DATA_USE, True),
        (Consent.Purpose.PUBLIC_NAMING, consents.public_naming),
    ):
        if given:
            Consent.objects.create(
                community_id=call.community_id,
                application=application,
                purpose=purpose,
                given=True,
                full_name=consents.full_name and form == Partner.Form.ORGANISATION,
                text_version=CONSENT_TEXT_VERSION,
                how=Consent.How.ONLINE,
            )
    audit_record(
        community=call.community,
        actor=None,
        action="application.submit",
        target=application,
        changes={
            "call": [None, call.title],
            "matched": [None, bool(partner)],
            "duplicate": [None, duplicate],
        },
    )
    return application, token


def application_by_link(*, token: str) -> Application | None:
    """The application this private link opens (never a partner's record)."""
    if not token:
        return None
    return (
        Application.objects.select_related("call__compound", "community")
        .filter(link_hash=hash_token(token), erased_at__isnull=True)
        .first()
    )


def _open_for_review(application: Application) -> Application:
    application = (
        Application.objects.select_for_update().select_related("community", "call").get(pk=application.pk)
    )
    if not application.is_open:
        raise DomainError(_("This application has been decided already."))
    return application


@transaction.atomic
def application_accept(
    *, application: Application, actor, team: Team | None = None, joined_on: datetime.date | None = None
) -> Partner:
    """Accept an applicant: a new partner with the consents they gave, or — where their phone matched a partner —
    that partner, whose record is not overwritten (staff change it on the profile if they wish)."""
    application = _open_for_review(application)
    same_community(application.community, team)
    consents = {c.purpose: c for c in application.consents.all()}
    if application.matched_partner_id:
        partner = Partner.objects.select_for_update().get(pk=application.matched_partner_id)
        if partner.merged_into_id:
            partner = Partner.objects.get(pk=partner.merged_into_id)
        if current_change(partner) == PartnerStatus.Change.LEFT:
            partner_status_record(
                partner=partner,
                change=PartnerStatus.Change.JOINED,
                on=joined_on or timezone.localdate(),
                actor=actor,
            )
        for purpose, consent in consents.items():
            consent_record(
                partner=partner,
                purpose=purpose,
                given=consent.given,
                full_name=consent.full_name,
                how=consent.how,
                text_version=consent.text_version,
                application=application,
                actor=actor,
            )
    else:
        public = consents.get(Consent.Purpose.PUBLIC_NAMING)
        partner = partner_create(
            community=application.community,
            actor=actor,
            consents=Consents(
                data_use=Consent.Purpose.DATA_USE in consents,
                public_naming=public is not None and public.given,
                full_name=public is not None and public.full_name,
                how=Consent.How.ONLINE,
            ),
            joined_on=joined_on,
            application=application,
            form=application.form,
            name=application.name,
            kind=application.kind,
            work_unit=application.work_unit,
            mobile=application.mobile,
            household=application.household,
            skill_tags=application.skill_tags,
            offer_text=application.offer_text,
            availability=application.availability,
            **{field: getattr(application, field) for field in OffersMixin.OFFER_FIELDS.values()},
        )
    if team is not None:
        team_member_add(team=team, partner=partner, joined_on=joined_on or timezone.localdate(), actor=actor)
    application.state = Application.State.ACCEPTED
    application.partner = partner
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["state", "partner", "decided_by", "decided_at"])
    audit_record(
        community=application.community,
        actor=actor,
        action="application.accept",
        target=application,
        changes={
            "partner": [None, f"{partner.name} (#{partner.pk})"],
            "team": [None, str(team) if team else None],
        },
    )
    return partner


@transaction.atomic
def application_decline(*, application: Application, reason: str, actor) -> Application:
    application = _open_for_review(application)
    reason = clean_text(
        reason, max_length=1000, field="reason", required=True, what=_("Give the applicant a reason.")
    )
    application.state = Application.State.DECLINED
    application.decline_reason = reason
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save(update_fields=["state", "decline_reason", "decided_by", "decided_at"])
    audit_record(
        community=application.community,
        actor=actor,
        action="application.decline",
        target=application,
        changes={"reason": [None, reason[:200]]},
    )
    return application


@transaction.atomic
def application_ask(*, application: Application, question: str, actor) -> Application:
    """Staff ask the applicant something; they read it and answer on their application's link."""
    application = _open_for_review(application)
    question = clean_text(
        question, max_length=1000, field="question", required=True, what=_("Write the question.")
    )
    application.state = Application.State.QUESTION
    application.question = question
    application.answer = ""
    application.save(update_fields=["state", "question", "answer"])
    audit_record(
        community=application.community,
        actor=actor,
        action="application.ask",
        target=application,
        changes={"question": [None, question[:200]]},
    )
    return application


@transaction.atomic
def application_answer(*, application: Application, answer: str) -> Application:
    """The applicant answers staff's question (on their application link); it waits for review again."""
    application = Application.objects.select_for_update().select_related("community").get(pk=application.pk)
    if application.state != Application.State.QUESTION:
        raise DomainError(_("There is no question to answer."))
    application.answer = clean_text(
        answer, max_length=1000, field="answer", required=True, what=_("Write your answer.")
    )
    application.state = Application.State.PENDING
    application.save(update_fields=["answer", "state"])
    audit_record(community=application.community, actor=None, action="application.answer", target=application)
    return application


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    """The applicant withdraws (on their application link)."""
    application = Application.objects.select_for_update().select_related("community").get(pk=application.pk)
    if not application.is_open:
        raise DomainError(_("This application has been decided already."))
    application.state = Application.State.WITHDRAWN
    application.decided_at = timezone.now()
    application.save(update_fields=["state", "decided_at"])
    audit_record(
        community=application.community, actor=None, action="application.withdraw", target=application
    )
    return application
