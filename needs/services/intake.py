"""Needs coming in: staff record them (one at a time on a phone, or several from an intake session), residents
submit them from their compound's board (waiting for review), staff review what residents sent."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.photos import clean_photo

from ..models import Channel, IntakeSession, Need, NeedPhoto, RaisedBy, Review, State
from ._common import new_token, same_community, text, update_add

MAX_PHOTOS = 6


def _photos_add(need: Need, photos, stage: str = NeedPhoto.Stage.BEFORE) -> None:
    photos = [p for p in (photos or []) if p]
    if len(photos) > MAX_PHOTOS:
        raise DomainError(_("At most %(n)s photos at a time.") % {"n": MAX_PHOTOS}, field="photos")
    for upload in photos:
        photo = NeedPhoto(community_id=need.community_id, need=need, stage=stage)
        photo.photo.save("need.jpg", clean_photo(upload, name="photos"), save=False)
        photo.save()


def _who(*, community, raised_by: str, household, partner):
    if raised_by not in RaisedBy.values or raised_by == RaisedBy.RESIDENT:
        raise DomainError(_("Choose who raised it."), field="raised_by")
    same_community(community, household, partner)
    if raised_by == RaisedBy.HOUSEHOLD and household is None:
        raise DomainError(_("Choose the household's room."), field="household")
    if raised_by == RaisedBy.PARTNER and partner is None:
        raise DomainError(_("Choose the partner."), field="partner")
    return (
        household if raised_by == RaisedBy.HOUSEHOLD else None,
        partner if raised_by == RaisedBy.PARTNER else None,
    )


@transaction.atomic
def need_create(
    *,
    compound,
    title: str,
    category: str,
    channel: str,
    actor,
    description: str = "",
    building=None,
    raised_by: str = RaisedBy.ANONYMOUS,
    household=None,
    partner=None,
    session: IntakeSession | None = None,
    photos=None,
) -> Need:
    """A need staff record: public at once (no name shown), in the state "collected"."""
    community = compound.community
    title = text(title, max_length=100, field="title", required=True, what=_("Enter a title."))
    description = text(description, max_length=2000, field="description")
    from ..models import Category

    if category not in Category.values:
        raise DomainError(_("Choose a category."), field="category")
    if session is not None:
        same_community(community, session)
        channel = session.channel
    if channel not in Channel.values:
        raise DomainError(_("Choose the channel."), field="channel")
    if building is not None and building.compound_id != compound.pk:
        raise DomainError(_("That building is not in this compound."), field="building")
    household, partner = _who(community=community, raised_by=raised_by, household=household, partner=partner)
    if household is not None and household.compound_id != compound.pk:
        raise DomainError(_("That household is not in this compound."), field="household")
    need = Need.objects.create(
        community=community,
        compound=compound,
        building=building,
        session=session,
        title=title,
        description=description,
        category=category,
        channel=channel,
        raised_by=raised_by,
        household=household,
        partner=partner,
        review=Review.PUBLISHED,
        state=State.COLLECTED,
        state_since=timezone.now(),
        created_by=actor,
    )
    _photos_add(need, photos)
    audit_record(
        community=community,
        actor=actor,
        action="need.create",
        target=need,
        changes={"title": [None, title], "category": [None, category], "channel": [None, channel]},
    )
    return need


@transaction.atomic
def intake_session_create(
    *,
    compound,
    channel: str,
    held_on: datetime.date,
    actor,
    place: str = "",
    attendees: int | None = None,
    notes_photo=None,
    needs: list[dict] | None = None,
) -> IntakeSession:
    """An intake session (a bench meeting and the like) and the needs gathered there, on one page. Each of
    `needs` is {"title", "category", optional "description", "building", "raised_by", "household", "partner"};
    rows without a title are skipped, and one bad row refuses the whole page."""
    community = compound.community
    if channel not in Channel.values:
        raise DomainError(_("Choose the channel."), field="channel")
    if held_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="held_on")
    if attendees is not None and attendees < 0:
        raise DomainError(_("Enter how many came."), field="attendees")
    session = IntakeSession(
        community=community,
        compound=compound,
        channel=channel,
        held_on=held_on,
        place=text(place, max_length=100, field="place"),
        attendees=attendees,
        created_by=actor,
    )
    if notes_photo:
        session.notes_photo.save("notes.jpg", clean_photo(notes_photo, name="notes_photo"), save=False)
    session.save()
    rows = [row for row in (needs or []) if (row.get("title") or "").strip()]
    for row in rows:
        need_create(
            compound=compound,
            title=row["title"],
            category=row.get("category") or "",
            channel=channel,
            description=row.get("description", ""),
            building=row.get("building"),
            raised_by=row.get("raised_by") or RaisedBy.ANONYMOUS,
            household=row.get("household"),
            partner=row.get("partner"),
            session=session,
            actor=actor,
        )
    audit_record(
        community=community,
        actor=actor,
        action="intake.create",
        target=session,
        changes={"channel": [None, channel], "needs": [None, len(rows)]},
    )
    return session


@transaction.atomic
def need_submit(
    *,
    compound,
    title: str,
    category: str,
    description: str = "",
    name: str = "",
    contact: str = "",
    show_name_masked: bool = False,
    photos=None,
) -> tuple[Need, str]:
    """A need a resident sends from the compound's board: waits for review, keeps the contact private, and
    gives back the token of the private link to follow it (only its hash is stored)."""
    from ..models import Category

    title = text(title, max_length=100, field="title", required=True, what=_("Enter a title."))
    description = text(description, max_length=2000, field="description")
    if category not in Category.values:
        category = Category.OTHER
    name = text(name, max_length=50, field="name")
    contact = text(contact, max_length=100, field="contact")
    token, token_hash = new_token()
    need = Need.objects.create(
        community=compound.community,
        compound=compound,
        title=title,
        description=description,
        category=category,
        channel=Channel.ONLINE,
        raised_by=RaisedBy.RESIDENT,
        submitter_name=name,
        show_name_masked=bool(show_name_masked and name),
        contact_private=contact,
        follow_hash=token_hash,
        review=Review.PENDING,
        state=State.COLLECTED,
        state_since=timezone.now(),
    )
    _photos_add(need, photos)
    audit_record(community=compound.community, actor=None, action="need.submit", target=need)
    return need, token


@transaction.atomic
def need_review(
    *, need: Need, publish: bool, actor, reason: str = "", title: str = "", description: str = ""
) -> Need:
    """Staff decide on a need a resident sent: publish it (its text may be corrected first) or keep it off the
    board (with a reason, shown on the submitter's own link only)."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.review != Review.PENDING:
        raise DomainError(_("This need has been reviewed already."))
    if title:
        need.title = text(title, max_length=100, field="title", required=True)
    if description:
        need.description = text(description, max_length=2000, field="description")
    reason = text(reason, max_length=300, field="reason")
    if not publish and not reason:
        raise DomainError(
            _("Say why it is not published; the resident reads it on their link."), field="reason"
        )
    need.review = Review.PUBLISHED if publish else Review.HIDDEN
    if not publish:
        need.decline_reason = reason  # read on the submitter's own link only: the need is not on the board
    need.save(update_fields=["review", "title", "description", "decline_reason", "updated_at"])
    update_add(
        need=need,
        text_=_("Published on the board.") if publish else reason,
        public=False,
        actor=actor,
    )
    audit_record(
        community=need.community,
        actor=actor,
        action="need.publish" if publish else "need.hide",
        target=need,
        changes={"reason": [None, reason]} if reason else {},
    )
    return need


@transaction.atomic
def need_photos_add(*, need: Need, photos, stage: str, actor) -> None:
    if stage not in NeedPhoto.Stage.values:
        raise DomainError(_("Choose before or after."), field="stage")
    if not [p for p in photos or [] if p]:
        raise DomainError(_("Choose a photo."), field="photos")
    _photos_add(need, photos, stage)
    Need.objects.filter(pk=need.pk).update(updated_at=timezone.now())
    audit_record(community=need.community, actor=actor, action="need.photos", target=need)
