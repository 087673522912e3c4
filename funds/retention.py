"""Keeping what residents sent through the ledgers' question form only as long as its purpose needs.

A question's asker may leave a contact (a phone number or WeChat ID, never published) and gets a private link
to the question and its answer (/q/<token>/). Both serve until the question is settled: HEHUO_INQUIRY_LINK_DAYS
after its last answer, or after its rejection. From then on the link is refused (decided by the query, so
there is no gap until the next run), and the daily job `inquiry_contacts` erases the contact. The question,
its answers and every count stay.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from communities.audit import audit_record
from communities.models import Community

from .models import Inquiry


def link_days() -> int:
    return settings.HEHUO_INQUIRY_LINK_DAYS


def settled_before(queryset: QuerySet, cutoff: datetime.datetime) -> QuerySet:
    """The questions of `queryset` whose last word (the last answer, or the rejection) came before `cutoff`."""
    return queryset.annotate(last_answer=Max("answers__answered_at")).filter(
        Q(last_answer__lt=cutoff) | Q(state=Inquiry.State.REJECTED, moderated_at__lt=cutoff)
    )


def link_ended(inquiry: Inquiry, now: datetime.datetime | None = None) -> bool:
    cutoff = (now or timezone.now()) - datetime.timedelta(days=link_days())
    return settled_before(Inquiry.objects.filter(pk=inquiry.pk), cutoff).exists()


def inquiry_contacts_erase() -> str:
    """The daily job: erase the contact of every question settled over HEHUO_INQUIRY_LINK_DAYS ago (one audit
    entry per community, saying how many). Running it again the same day finds nothing to erase."""
    days = link_days()
    cutoff = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        rows = list(
            settled_before(Inquiry.objects.exclude(contact_private=""), cutoff).values_list(
                "pk", "community_id"
            )
        )
        Inquiry.objects.filter(pk__in=[pk for pk, _community in rows]).update(contact_private="")
        per_community: dict[int, int] = {}
        for _pk, community_id in rows:
            per_community[community_id] = per_community.get(community_id, 0) + 1
        for community in Community.objects.filter(pk__in=per_community):
            audit_record(
                community=community,
                actor=None,
                action="inquiry.erase_contacts",
                changes={"questions": [None, per_community[community.pk]]},
            )
    return f"erased the contact of {len(rows)} questions settled over {days} days ago"
