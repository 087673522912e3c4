"""Whether heads of household appear on public pages as 张*: a residents' meeting decides it, and the
community admin records that decision on the settings page (DESIGN.md, "Public pages and personal data").

`names_decision_record` is the one way to switch Community.public_names_masked: switching on needs the
meeting's name, its date (not in the future) and a photo of its minutes, kept in the private storage;
switching off needs none. Either way it keeps a NamesDecision row (append-only), writes an audit entry and,
through communities.services.community_update, moves the community's names version, so every cached public
page shows the change at its next request.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .errors import DomainError
from .models import Community, NamesDecision
from .photos import clean_photo
from .services import community_update


def names_decision_current(community: Community) -> NamesDecision | None:
    """The latest decision of the community, or None when it never recorded one."""
    return NamesDecision.objects.of(community).select_related("recorded_by").first()


@transaction.atomic
def names_decision_record(
    *,
    community: Community,
    names_shown: bool,
    actor,
    meeting_name: str = "",
    decided_on: datetime.date | None = None,
    minutes_photo=None,
) -> NamesDecision:
    """Switch masked names on public pages on (by a residents' meeting) or off, and keep the decision."""
    locked = Community.objects.select_for_update().get(pk=community.pk)
    if locked.public_names_masked == names_shown:
        raise DomainError(
            _("Public pages show masked names already.")
            if names_shown
            else _("Public pages show no names already.")
        )
    meeting_name = (meeting_name or "").strip()
    if names_shown:
        if not meeting_name:
            raise DomainError(_("Enter the residents' meeting that decided it."), field="meeting_name")
        if decided_on is None:
            raise DomainError(_("Enter the date of the meeting."), field="decided_on")
        if minutes_photo is None:
            raise DomainError(_("Add a photo of the meeting's minutes."), field="minutes_photo")
    if decided_on is not None and decided_on > timezone.localdate():
        raise DomainError(_("The meeting cannot be in the future."), field="decided_on")
    decision = NamesDecision(
        community=locked,
        names_shown=names_shown,
        meeting_name=meeting_name,
        decided_on=decided_on,
        recorded_by=actor,
    )
    if minutes_photo is not None:
        # Private storage, random name (the field's upload_to).
        decision.minutes_photo.save(
            "minutes.jpg", clean_photo(minutes_photo, name="minutes_photo"), save=False
        )
    decision.save()
    community_update(community=locked, actor=actor, public_names_masked=names_shown)
    audit_record(
        community=locked,
        actor=actor,
        action="community.names_decision",
        target=decision,
        changes={
            "public_names_masked": [not names_shown, names_shown],
            "meeting_name": [None, meeting_name or None],
            "decided_on": [None, decided_on.isoformat() if decided_on else None],
        },
    )
    community.public_names_masked = locked.public_names_masked
    community.names_version = locked.names_version
    return decision
