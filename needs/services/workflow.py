"""Staff move a need along: triage (urgency × importance, with a public rationale), the states of the workflow
with what each needs (a plan and a cost, a result and after-photos, a public reason), reopening, updates, and
merging duplicates."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError

from ..models import MOVES, CoverageMark, Delivery, MeToo, Need, NeedPhoto, Pledge, Quadrant, State
from ._common import lock, same_community, text, touch, update_add
from .intake import _photos_add


@transaction.atomic
def need_triage(*, need: Need, urgent: bool, important: bool, rationale: str, actor) -> Need:
    """Place the need in a quadrant, with a one-line rationale shown publicly beside it."""
    need = lock(need)
    rationale = text(
        rationale,
        max_length=200,
        field="rationale",
        required=True,
        what=_("Say in one line why, for the board."),
    )
    before = need.quadrant
    need.quadrant = Quadrant.of(urgent=bool(urgent), important=bool(important))
    need.rationale = rationale
    need.save(update_fields=["quadrant", "rationale", "updated_at"])
    update_add(
        need=need,
        text_=_("Sorted as “%(quadrant)s”: %(why)s")
        % {"quadrant": need.get_quadrant_display(), "why": rationale},
        public=True,
        actor=actor,
    )
    audit_record(
        community=need.community,
        actor=actor,
        action="need.triage",
        target=need,
        changes={"quadrant": [before or None, need.quadrant], "rationale": [None, rationale]},
    )
    return need


def _cost(value) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        raise TypeError("money is never a float")
    try:
        cost = Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise DomainError(_("Enter an amount."), field="estimated_cost") from None
    if cost < 0:
        raise DomainError(_("The cost cannot be negative."), field="estimated_cost")
    return cost


@transaction.atomic
def need_set_status(
    *,
    need: Need,
    state: str,
    actor,
    note: str = "",
    public: bool = True,
    plan: str = "",
    estimated_cost=None,
    responsible_team=None,
    responsible_partner=None,
    responsible_note: str = "",
    result: str = "",
    after_photos=None,
    reason: str = "",
    levy=None,
) -> Need:
    """Move a need to `state` by the workflow's rules, with an update (public or staff-only) saying so.

    - collected → under deliberation → planned → in progress → done; a need with no estimated cost (or 0) may
      go from collected straight to in progress;
    - planned carries a plan, an estimated cost and who carries it out (a team, a partner or a line of text),
      and may name the levy that pays for it;
    - done needs a result and at least one after-photo (given now, or already on the need);
    - declined needs a public reason;
    - a done or declined need may be reopened (to in progress, or to collected) with a reason;
    - merged only through need_merge.
    """
    need = lock(need)
    community = need.community
    before = need.state
    if need.review != "published":
        raise DomainError(_("Review this need before moving it: residents sent it and it is not public yet."))
    if state not in MOVES.get(before, ()):
        raise DomainError(
            _("A need cannot go from “%(from)s” to “%(to)s”.")
            % {"from": need.get_state_display(), "to": dict(State.choices).get(state, state)},
            field="state",
        )
    note = text(note, max_length=2000, field="note")
    reason = text(reason, max_length=300, field="reason")
    changes: dict = {"state": [before, state]}
    if before == State.COLLECTED and state == State.IN_PROGRESS and (need.estimated_cost or 0) > 0:
        raise DomainError(_("A need with a cost goes through deliberation and a plan first."), field="state")
    if state == State.PLANNED:
        plan = text(plan, max_length=2000, field="plan", required=True, what=_("Enter the plan."))
        cost = _cost(estimated_cost)
        if cost is None:
            raise DomainError(_("Enter the estimated cost (0 if it costs nothing)."), field="estimated_cost")
        same_community(community, responsible_team, responsible_partner)
        responsible_note = text(responsible_note, max_length=200, field="responsible_note")
        if responsible_team is None and responsible_partner is None and not responsible_note:
            raise DomainError(_("Name the team or the partners who carry it out."), field="responsible_team")
        need.plan, need.estimated_cost = plan, cost
        need.responsible_team, need.responsible_partner = responsible_team, responsible_partner
        need.responsible_note = responsible_note
        if levy is not None:
            same_community(community, levy)
            if levy.compound_id != need.compound_id:
                raise DomainError(_("That levy is of another compound."), field="levy")
            need.levy = levy
        changes["estimated_cost"] = [None, str(cost)]
    if state == State.DONE:
        result = text(result, max_length=2000, field="result", required=True, what=_("Enter the result."))
        photos = [p for p in after_photos or [] if p]
        has_after = NeedPhoto.objects.filter(need=need, stage=NeedPhoto.Stage.AFTER).exists()
        if not photos and not has_after:
            raise DomainError(_("Add at least one photo of the result."), field="after_photos")
        _photos_add(need, photos, NeedPhoto.Stage.AFTER)
        need.result = result
    if state == State.DECLINED:
        if not reason:
            raise DomainError(_("Give the reason; it is shown publicly."), field="reason")
        need.decline_reason = reason
    reopening = before in (State.DONE, State.DECLINED)
    if reopening:
        if not reason:
            raise DomainError(_("Give the reason for reopening."), field="reason")
        if before == State.DECLINED:
            need.decline_reason = ""
        changes["reason"] = [None, reason]
    need.state = state
    need.state_since = timezone.now()
    need.save()
    label = dict(State.choices)[state]
    line = (
        note
        or (reason if state == State.DECLINED or reopening else "")
        or (result if state == State.DONE else "")
    )
    update_add(
        need=need,
        text_=f"{label}{'：' + line if line else ''}",
        public=bool(public) or state == State.DECLINED,
        actor=actor,
        from_state=before,
        to_state=state,
    )
    audit_record(community=community, actor=actor, action="need.status", target=need, changes=changes)
    return need


@transaction.atomic
def need_update_add(*, need: Need, text_value: str, public: bool, actor):
    """A note on a need's progress, public (on the board) or staff-only."""
    body = text(text_value, max_length=2000, field="text", required=True, what=_("Write the update."))
    update = update_add(need=need, text_=body, public=bool(public), actor=actor)
    touch(need)
    audit_record(
        community=need.community,
        actor=actor,
        action="need.update",
        target=need,
        changes={"public": [None, public]},
    )
    return update


@transaction.atomic
def need_merge(*, need: Need, into: Need, actor, note: str = "") -> Need:
    """Merge a duplicate into another need of the same compound: the duplicate redirects, its me-toos move
    (one per household and per browser kept), its pledges, deliveries and coverage follow."""
    if need.pk == into.pk:
        raise DomainError(_("Choose another need to merge into."), field="into")
    if need.community_id != into.community_id:
        raise DomainError(_("That belongs to another community."), field="into")
    first, second = sorted([need, into], key=lambda n: n.pk)
    first, second = lock(first), lock(second)
    need, into = (first, second) if first.pk == need.pk else (second, first)
    if need.state == State.MERGED or into.state == State.MERGED:
        raise DomainError(_("A merged need cannot be merged again."), field="into")
    if need.compound_id != into.compound_id:
        raise DomainError(_("Needs of different compounds cannot be merged."), field="into")
    moving = MeToo.objects.filter(need=need)
    duplicate_household = Exists(MeToo.objects.filter(need=into, household=OuterRef("household")))
    duplicate_browser = Exists(
        MeToo.objects.filter(need=into, browser=OuterRef("browser")).exclude(browser="")
    )
    dropped = moving.filter(household__isnull=False).filter(duplicate_household).delete()[0]
    dropped += moving.filter(duplicate_browser).delete()[0]
    moved = moving.update(need=into)
    Pledge.objects.filter(need=need).update(need=into)
    Delivery.objects.filter(need=need).update(need=into)
    have = CoverageMark.objects.filter(need=into, household=OuterRef("household"))
    CoverageMark.objects.filter(need=need).filter(Exists(have)).delete()
    CoverageMark.objects.filter(need=need).update(need=into)
    before = need.state
    need.state = State.MERGED
    need.merged_into = into
    need.state_since = timezone.now()
    try:
        need.save()
    except IntegrityError:  # pragma: no cover - the checks above keep the constraints
        raise DomainError(_("These needs cannot be merged.")) from None
    note = text(note, max_length=300, field="note")
    update_add(
        need=need,
        text_=_("Merged into “%(title)s”.") % {"title": into.title} + (f" {note}" if note else ""),
        public=True,
        actor=actor,
        from_state=before,
        to_state=State.MERGED,
    )
    touch(into)
    audit_record(
        community=need.community,
        actor=actor,
        action="need.merge",
        target=need,
        changes={"merged": [None, into.title], "metoos": [None, moved], "dropped": [None, dropped]},
    )
    return into
