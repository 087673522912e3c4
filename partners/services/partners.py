"""The partner registry: adding a partner (with their consents), changing them, joining and leaving, consents
given or withdrawn, the personal link, and merging two records of one person."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record, diff
from communities.errors import DomainError
from communities.models import Community
from communities.services import community_names_changed

from ..models import CADRE_KINDS, Consent, Kind, OffersMixin, Partner, PartnersSettings, PartnerStatus
from ._common import (
    CONSENT_TEXT_VERSION,
    clean_mobile,
    clean_skills,
    clean_text,
    hash_token,
    new_token,
    not_in_future,
    same_community,
)

PARTNER_FIELDS = (
    "form",
    "name",
    "kind",
    "work_unit",
    "contact_name",
    "mobile",
    "compound",
    "building",
    "household",
    "notes",
    *OffersMixin.OFFER_FIELDS.values(),
    "skill_tags",
    "offer_text",
    "availability",
)


@dataclass
class Consents:
    """The consents given with a new partner (or an application): data use is required."""

    data_use: bool = False
    public_naming: bool = False
    full_name: bool = False  # an organisation's full name
    how: str = Consent.How.ONLINE


def _snapshot(partner: Partner) -> dict[str, Any]:
    """The partner's fields for the audit log: the mobile under "phone", so the log masks it like households'."""
    values = {field: getattr(partner, field) for field in PARTNER_FIELDS}
    values["phone"] = values.pop("mobile")
    return values


def _place(community: Community, compound, building, household) -> tuple:
    """The compound, building and household named, checked against each other; a household names the rest."""
    same_community(community, compound, building, household)
    if household is not None:
        return household.compound, household.building, household
    if building is not None:
        if compound is not None and building.compound_id != compound.pk:
            raise DomainError(_("That building is in another compound."), field="building")
        return building.compound, building, None
    return compound, None, None


def _validated(community: Community, fields: dict[str, Any]) -> dict[str, Any]:
    """The partner's fields cleaned and checked as a whole (person/organisation, kind, work unit, place)."""
    form = fields.get("form")
    if form not in Partner.Form.values:
        raise DomainError(_("Choose person or organisation."), field="form")
    fields["name"] = clean_text(
        fields.get("name", ""), max_length=100, field="name", required=True, what=_("Enter the name.")
    )
    kind = fields.get("kind") or ""
    if form == Partner.Form.PERSON:
        if kind not in Kind.values:
            raise DomainError(_("Choose which kind of partner this person is."), field="kind")
    else:
        kind = ""
    fields["kind"] = kind
    fields["work_unit"] = clean_text(fields.get("work_unit", ""), max_length=100, field="work_unit")
    if kind in CADRE_KINDS and not fields["work_unit"]:
        raise DomainError(_("Enter the cadre's work unit."), field="work_unit")
    fields["contact_name"] = clean_text(fields.get("contact_name", ""), max_length=100, field="contact_name")
    fields["mobile"] = clean_mobile(fields.get("mobile", ""))
    fields["skill_tags"] = clean_skills(fields.get("skill_tags", ""))
    fields["offer_text"] = clean_text(fields.get("offer_text", ""), max_length=2000, field="offer_text")
    fields["availability"] = clean_text(fields.get("availability", ""), max_length=200, field="availability")
    fields["notes"] = clean_text(fields.get("notes", ""), max_length=4000, field="notes")
    compound, building, household = _place(
        community, fields.get("compound"), fields.get("building"), fields.get("household")
    )
    fields.update(compound=compound, building=building, household=household)
    for field in OffersMixin.OFFER_FIELDS.values():
        fields[field] = bool(fields.get(field))
    return fields


def consent_record(
    *,
    partner: Partner,
    purpose: str,
    given: bool,
    how: str,
    actor,
    full_name: bool = False,
    application=None,
    text_version: str = CONSENT_TEXT_VERSION,
) -> Consent:
    """A consent given or withdrawn, as a new row. Any change to public naming moves the community's names
    version in the same transaction, so every cached public page drops (or shows) the name at once."""
    if purpose not in Consent.Purpose.values:
        raise DomainError(_("Choose what the consent is for."))
    if how not in Consent.How.values:
        raise DomainError(_("Say how the consent was given."))
    with transaction.atomic():
        consent = Consent.objects.create(
            community_id=partner.community_id,
            partner=partner,
            application=application,
            purpose=purpose,
            given=bool(given),
            full_name=bool(full_name) and partner.is_organisation,
            text_version=text_version,
            how=how,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        if purpose == Consent.Purpose.PUBLIC_NAMING:
            community_names_changed(community=partner.community)
        audit_record(
            community=partner.community,
            actor=actor,
            action="consent.give" if given else "consent.withdraw",
            target=partner,
            changes={"consent": [None, purpose], "how": [None, how], "version": [None, text_version]},
        )
    return consent


@transaction.atomic
def partner_create(
    *,
    community: Community,
    actor,
    consents: Consents,
    joined_on: datetime.date | None = None,
    application=None,
    **fields: Any,
) -> Partner:
    """A new partner, with their consents and their joining date. Data use must be consented to."""
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    if not consents.data_use:
        raise DomainError(
            _("A partner must agree to the use of their data (the consent form)."), field="consent_data_use"
        )
    fields = _validated(community, dict(fields))
    joined_on = not_in_future(joined_on or timezone.localdate(), field="joined_on")
    partner = Partner.objects.create(
        community=community, created_by=actor if getattr(actor, "pk", None) else None, **fields
    )
    PartnerStatus.objects.create(
        community=community,
        partner=partner,
        change=PartnerStatus.Change.JOINED,
        on=joined_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        community=community,
        actor=actor,
        action="partner.create",
        target=partner,
        changes=diff({}, _snapshot(partner)),
    )
    consent_record(
        partner=partner,
        purpose=Consent.Purpose.DATA_USE,
        given=True,
        how=consents.how,
        actor=actor,
        application=application,
    )
    if consents.public_naming:
        consent_record(
            partner=partner,
            purpose=Consent.Purpose.PUBLIC_NAMING,
            given=True,
            full_name=consents.full_name,
            how=consents.how,
            actor=actor,
            application=application,
        )
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, actor, **fields: Any) -> Partner:
    """Change a partner's details. Their name may be on public pages: a new name moves the names version."""
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    partner = Partner.objects.select_for_update().select_related("community").get(pk=partner.pk)
    if partner.merged_into_id:
        raise DomainError(_("This record was merged into another; change that one."))
    before = _snapshot(partner)
    current = {field: getattr(partner, field) for field in PARTNER_FIELDS}
    merged = _validated(partner.community, current | fields)
    for field, value in merged.items():
        setattr(partner, field, value)
    partner.save()
    changes = diff(before, _snapshot(partner))
    if "name" in changes:
        community_names_changed(community=partner.community)
    if changes:
        audit_record(
            community=partner.community, actor=actor, action="partner.update", target=partner, changes=changes
        )
    return partner


def _latest_status(partner: Partner) -> PartnerStatus | None:
    return PartnerStatus.objects.filter(partner=partner).order_by("-on", "-id").first()


def current_change(partner: Partner) -> str | None:
    latest = _latest_status(partner)
    return latest.change if latest else None


@transaction.atomic
def partner_status_record(
    *, partner: Partner, change: str, on: datetime.date, actor, note: str = ""
) -> PartnerStatus:
    """A partner leaves, or comes back: a dated row. Leaving drops their name from public pages at once."""
    partner = Partner.objects.select_for_update().select_related("community").get(pk=partner.pk)
    if change not in PartnerStatus.Change.values:
        raise DomainError(_("Choose joined or left."))
    on = not_in_future(on, field="on")
    latest = _latest_status(partner)
    if latest is not None and latest.change == change:
        raise DomainError(
            _("This partner has left already.")
            if change == PartnerStatus.Change.LEFT
            else _("This partner is active.")
        )
    if latest is not None and on < latest.on:
        raise DomainError(
            _("Choose a date on or after %(date)s, the last change recorded.")
            % {"date": latest.on.isoformat()},
            field="on",
        )
    status = PartnerStatus.objects.create(
        community_id=partner.community_id,
        partner=partner,
        change=change,
        on=on,
        note=clean_text(note, max_length=200, field="note"),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    community_names_changed(community=partner.community)
    audit_record(
        community=partner.community,
        actor=actor,
        action="partner.left" if change == PartnerStatus.Change.LEFT else "partner.rejoined",
        target=partner,
        changes={"on": [None, on.isoformat()]},
    )
    return status


@transaction.atomic
def partner_link_issue(*, partner: Partner, actor) -> str:
    """A new personal link for the partner; the old one stops working. Returns the token (shown only now)."""
    partner = Partner.objects.select_for_update().select_related("community").get(pk=partner.pk)
    if partner.merged_into_id:
        raise DomainError(_("This record was merged into another; make the link there."))
    token, token_hash = new_token()
    reissued = bool(partner.link_hash)
    partner.link_hash = token_hash
    partner.link_issued_at = timezone.now()
    partner.save(update_fields=["link_hash", "link_issued_at"])
    audit_record(
        community=partner.community,
        actor=actor,
        action="partner.link_reissue" if reissued else "partner.link_issue",
        target=partner,
        changes={"token": ["***" if reissued else None, "***"]},
    )
    return token


def partner_by_link(*, token: str) -> Partner | None:
    """The partner whose personal link this is (a merged record's link leads to the record kept)."""
    if not token:
        return None
    partner = Partner.objects.select_related("community").filter(link_hash=hash_token(token)).first()
    if partner is not None and partner.merged_into_id:
        return Partner.objects.select_related("community").get(pk=partner.merged_into_id)
    return partner


@transaction.atomic
def partner_merge(*, keep: Partner, duplicate: Partner, actor) -> Partner:
    """Two records of one person: the duplicate points to the one kept. Nothing append-only is rewritten; lists
    and reports follow the pointer; the duplicate's link, if any, leads to the kept record."""
    if keep.pk == duplicate.pk:
        raise DomainError(_("Choose two different records."))
    same_community(keep.community, duplicate)
    locked = {p.pk: p for p in Partner.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])}
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    if keep.merged_into_id or duplicate.merged_into_id:
        raise DomainError(_("One of these records was merged already."))
    Partner.objects.filter(merged_into=duplicate).update(merged_into=keep)
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into"])
    community_names_changed(community=keep.community)
    audit_record(
        community=keep.community,
        actor=actor,
        action="partner.merge",
        target=keep,
        changes={"merged": [None, f"{duplicate.name} (#{duplicate.pk})"]},
    )
    return keep


__all__ = [
    "Consents",
    "consent_record",
    "current_change",
    "partner_by_link",
    "partner_create",
    "partner_link_issue",
    "partner_merge",
    "partner_status_record",
    "partner_update",
]


@transaction.atomic
def partners_settings_update(
    *,
    community: Community,
    actor,
    public_names_full: bool,
    application_retention_days: int,
    left_retention_days: int,
):
    """The community's partners settings. Full names or masked changes every public page: the names version moves."""
    settings, _created = PartnersSettings.objects.select_for_update().get_or_create(community=community)
    for days, field in (
        (application_retention_days, "application_retention_days"),
        (left_retention_days, "left_retention_days"),
    ):
        if not 7 <= int(days) <= 3650:
            raise DomainError(_("Choose between 7 and 3650 days."), field=field)
    before = {
        "public_names_full": settings.public_names_full,
        "application_retention_days": settings.application_retention_days,
        "left_retention_days": settings.left_retention_days,
    }
    after = {
        "public_names_full": bool(public_names_full),
        "application_retention_days": int(application_retention_days),
        "left_retention_days": int(left_retention_days),
    }
    for field, value in after.items():
        setattr(settings, field, value)
    settings.save()
    changes = diff(before, after)
    if "public_names_full" in changes:
        community_names_changed(community=community)
    if changes:
        audit_record(
            community=community, actor=actor, action="partners.settings", target=settings, changes=changes
        )
    return settings
