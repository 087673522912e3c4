"""Meetings (板凳会, 共谋会, the monthly 议事会, the owners' meeting): creating one, its agenda (周提月议: a monthly
meeting's agenda is proposed from the needs moved to "under deliberation" since the last monthly meeting of its
compound; staff reorder, drop or add items), who came (households by room, partners, a head count), and its
minutes with a photo of the handwritten ones in private storage."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Community, Compound
from communities.photos import clean_photo
from communities.queries import household_search

from ..models import AgendaItem, Attendance, Meeting, Need, NeedUpdate, State
from ._common import same_community, text


@transaction.atomic
def meeting_create(
    *,
    community: Community,
    kind: str,
    held_on: datetime.date,
    actor,
    compound: Compound | None = None,
    title: str = "",
    place: str = "",
    propose: bool = True,
) -> Meeting:
    """A meeting of a compound (or of the community). A monthly one gets its agenda proposed at once."""
    if kind not in Meeting.Kind.values:
        raise DomainError(_("Choose the kind of meeting."), field="kind")
    if held_on is None:
        raise DomainError(_("Enter the date."), field="held_on")
    same_community(community, compound)
    title = text(title, max_length=200, field="title")
    if not title:
        where = compound.name if compound else community.name
        title = f"{where}{Meeting.Kind(kind).label} {held_on:%Y-%m-%d}"
    meeting = Meeting.objects.create(
        community=community,
        compound=compound,
        kind=kind,
        title=title,
        held_on=held_on,
        place=text(place, max_length=100, field="place"),
        created_by=actor,
    )
    audit_record(
        community=community,
        actor=actor,
        action="meeting.create",
        target=meeting,
        changes={"meeting_kind": [None, kind], "held_on": [None, str(held_on)]},
    )
    if propose and kind == Meeting.Kind.MONTHLY and compound is not None:
        agenda_propose(meeting=meeting, actor=actor)
    return meeting


def proposed_needs(meeting: Meeting):
    """The compound's needs moved to "under deliberation" since its last monthly meeting before this one (the
    state history: NeedUpdate rows with to_state), still under deliberation, not yet on this agenda."""
    previous = (
        Meeting.objects.filter(
            community=meeting.community_id,
            compound=meeting.compound_id,
            kind=Meeting.Kind.MONTHLY,
            held_on__lt=meeting.held_on,
        )
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    moved = NeedUpdate.objects.filter(community=meeting.community_id, to_state=State.DELIBERATION)
    if previous is not None:
        since = timezone.make_aware(datetime.datetime.combine(previous, datetime.time.max))
        moved = moved.filter(created_at__gt=since)
    return (
        Need.objects.filter(
            community=meeting.community_id,
            compound=meeting.compound_id,
            state=State.DELIBERATION,
            pk__in=moved.values("need_id"),
        )
        .exclude(agenda_items__meeting=meeting)
        .order_by("state_since", "id")
    )


def _next_position(meeting: Meeting) -> int:
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


@transaction.atomic
def agenda_propose(*, meeting: Meeting, actor) -> list[AgendaItem]:
    """Add the needs proposed since the last monthly meeting (周提月议) to the agenda, after its items."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    position = _next_position(meeting)
    items = []
    for need in proposed_needs(meeting):
        items.append(
            AgendaItem.objects.create(
                community_id=meeting.community_id,
                meeting=meeting,
                need=need,
                title=need.title,
                position=position,
            )
        )
        position += 1
    if items:
        audit_record(
            community=meeting.community,
            actor=actor,
            action="agenda.propose",
            target=meeting,
            changes={"needs": [None, len(items)]},
        )
    return items


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, actor, title: str = "", need: Need | None = None) -> AgendaItem:
    """A matter staff add to the agenda: a need of the community, or a title."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    same_community(meeting.community, need)
    title = text(title, max_length=200, field="title")
    if need is not None:
        if AgendaItem.objects.filter(meeting=meeting, need=need).exists():
            raise DomainError(_("That need is on the agenda already."), field="need")
        title = title or need.title
    if not title:
        raise DomainError(_("Name the item."), field="title")
    item = AgendaItem.objects.create(
        community_id=meeting.community_id,
        meeting=meeting,
        need=need,
        title=title,
        position=_next_position(meeting),
    )
    audit_record(
        community=meeting.community,
        actor=actor,
        action="agenda.add",
        target=meeting,
        changes={"title": [None, title]},
    )
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, actor) -> None:
    """Swap the item with the one before (up) or after it among the items kept."""
    Meeting.objects.select_for_update().get(pk=item.meeting_id)
    items = list(
        AgendaItem.objects.filter(meeting_id=item.meeting_id, dropped=False).order_by("position", "id")
    )
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise DomainError(_("A dropped item has no place on the agenda."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, start=1):
        if row.position != position:
            AgendaItem.objects.filter(pk=row.pk).update(position=position)


@transaction.atomic
def agenda_item_drop(*, item: AgendaItem, actor, restore: bool = False) -> AgendaItem:
    """Drop an item from the agenda (it stays, marked dropped, so the next proposal leaves it out), or take it
    back. An item with a decision cannot be dropped."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if not restore and hasattr(item, "decision"):
        raise DomainError(_("This item has a decision; it stays on the agenda."))
    item.dropped = not restore
    if restore:
        item.position = _next_position(item.meeting)
    item.save(update_fields=["dropped", "position"])
    audit_record(
        community=item.meeting.community,
        actor=actor,
        action="agenda.restore" if restore else "agenda.drop",
        target=item.meeting,
        changes={"title": [None, item.title]},
    )
    return item


def _households_by_room(meeting: Meeting, rooms: list[str], field: str):
    """Each room label (3栋2单元501) to its household of the meeting's compound; a translated error naming the
    first one that matches none or several."""
    found = []
    for label in rooms:
        matches = list(household_search(meeting.community, label, by_phone=False)[:5])
        if meeting.compound_id:
            matches = [h for h in matches if h.compound_id == meeting.compound_id]
        if len(matches) != 1:
            raise DomainError(
                _("No single household matches “%(label)s”. Write it as 3栋2单元501.") % {"label": label},
                field=field,
            )
        found.append(matches[0])
    return found


def room_lines(value: str) -> list[str]:
    """Room labels typed one a line, or separated by commas or spaces."""
    cleaned = text(value or "", max_length=20000, field="rooms")
    for sep in (",", "，", "、", ";", "；", "\n", "\t"):
        cleaned = cleaned.replace(sep, " ")
    return [part for part in cleaned.split(" ") if part]


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, actor, rooms: list[str] = (), partners=(), head_count: int | None = None
) -> int:
    """Who came: households by room and partners (added to those recorded, each once), and the head count.
    Returns how many were added."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    households = _households_by_room(meeting, list(rooms), "rooms")
    same_community(meeting.community, *partners)
    if head_count is not None and head_count < 0:
        raise DomainError(_("The head count cannot be negative."), field="head_count")
    have_households = set(Attendance.objects.filter(meeting=meeting).values_list("household_id", flat=True))
    have_partners = set(Attendance.objects.filter(meeting=meeting).values_list("partner_id", flat=True))
    rows = []
    for household in {h.pk: h for h in households}.values():
        if household.pk not in have_households:
            rows.append(Attendance(community_id=meeting.community_id, meeting=meeting, household=household))
    for partner in {p.pk: p for p in partners}.values():
        if partner.pk not in have_partners:
            rows.append(Attendance(community_id=meeting.community_id, meeting=meeting, partner=partner))
    Attendance.objects.bulk_create(rows)
    changes = {"households": [None, len(rows)]}
    if head_count is not None:
        changes["head_count"] = [meeting.head_count, head_count]
        meeting.head_count = head_count
        meeting.save(update_fields=["head_count"])
    audit_record(
        community=meeting.community, actor=actor, action="meeting.attendance", target=meeting, changes=changes
    )
    return len(rows)


@transaction.atomic
def attendance_remove(*, attendance: Attendance, actor) -> None:
    meeting = attendance.meeting
    Attendance.objects.filter(pk=attendance.pk).delete()
    audit_record(community=meeting.community, actor=actor, action="meeting.attendance_remove", target=meeting)


@transaction.atomic
def minutes_save(*, meeting: Meeting, actor, minutes: str, photo=None) -> Meeting:
    """The minutes as text, and a photo of the handwritten minutes (cleaned, private storage)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.minutes = text(minutes, max_length=20000, field="minutes")
    if photo:
        meeting.minutes_photo.save("minutes.jpg", clean_photo(photo, name="photo"), save=False)
    meeting.save(update_fields=["minutes", "minutes_photo"])
    audit_record(
        community=meeting.community,
        actor=actor,
        action="meeting.minutes",
        target=meeting,
        changes={"minutes_photo": [None, bool(photo)]},
    )
    return meeting
