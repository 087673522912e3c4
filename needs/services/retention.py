"""Keeping what residents sent with a need only as long as its purpose needs, and the needs settings.

A resident who submits a need from the board may leave a name and a contact (never published). The daily job
`needs_contacts` erases both HEHUO_NEED_CONTACT_DAYS (90) days after the need is done, declined or merged (or
kept off the board at review); the need, its updates and every count stay, and the follow link keeps showing
the need's progress without the contact.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Community

from ..models import CLOSED_STATES, Need, NeedsSettings, Review


def contact_days() -> int:
    return getattr(settings, "HEHUO_NEED_CONTACT_DAYS", 90)


def needs_contacts_erase() -> str:
    """The daily job: erase the name and contact of residents' needs closed over contact_days() ago (one audit
    entry per community). A second run the same day finds nothing."""
    days = contact_days()
    cutoff = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        rows = list(
            Need.objects.filter(Q(state__in=CLOSED_STATES) | Q(review=Review.HIDDEN), state_since__lt=cutoff)
            .filter(~Q(contact_private="") | ~Q(submitter_name=""))
            .values_list("pk", "community_id")
        )
        Need.objects.filter(pk__in=[pk for pk, _c in rows]).update(
            contact_private="", submitter_name="", show_name_masked=False, contact_erased_at=timezone.now()
        )
        per_community: dict[int, int] = {}
        for _pk, community_id in rows:
            per_community[community_id] = per_community.get(community_id, 0) + 1
        for community in Community.objects.filter(pk__in=per_community):
            audit_record(
                community=community,
                actor=None,
                action="need.erase_contacts",
                changes={"needs": [None, per_community[community.pk]]},
            )
    return f"erased the contact of {len(rows)} needs closed over {days} days ago"


def settings_for(community) -> NeedsSettings:
    """The community's needs settings, or the defaults (unsaved): a read never writes."""
    found = NeedsSettings.objects.filter(community=community).first()
    return found if found is not None else NeedsSettings(community=community)


@transaction.atomic
def needs_settings_update(*, community, actor, overdue_days: int) -> NeedsSettings:
    if not overdue_days or overdue_days < 1:
        raise DomainError(_days_message(), field="overdue_days")
    current, _created = NeedsSettings.objects.select_for_update().get_or_create(community=community)
    before = current.overdue_days
    current.overdue_days = overdue_days
    current.save()
    audit_record(
        community=community,
        actor=actor,
        action="needs.settings",
        changes={"overdue_days": [before, overdue_days]},
    )
    return current


def _days_message():
    from django.utils.translation import gettext as _

    return _("Enter a number of days, at least 1.")
