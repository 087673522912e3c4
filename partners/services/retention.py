"""What `manage.py daily` erases once its purpose has passed (DESIGN.md: personal data from public forms is kept
only as long as its purpose needs; counts survive the erasure).

- A declined or withdrawn application keeps no personal data after the community's period (PartnersSettings,
  default 90 days from the decision): name, phone, household, free text and the question and answer go; its
  call, its state and its dates stay, so counts hold.
- A partner who left keeps their name and history; their phone, household link and free text are erased after
  the community's period (default 365 days from leaving).

Both jobs are idempotent: an erased row is marked and not touched again.
"""

import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from communities.audit import audit_record
from communities.models import Community

from ..models import Application, Partner, PartnersSettings, PartnerStatus


def _settings() -> dict[int, PartnersSettings]:
    return {s.community_id: s for s in PartnersSettings.objects.all()}


def applications_erase_expired(now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    settings = _settings()
    erased = 0
    for community_id in Community.objects.values_list("pk", flat=True):
        days = settings[community_id].application_retention_days if community_id in settings else 90
        with transaction.atomic():
            rows = Application.objects.filter(
                community_id=community_id,
                state__in=[Application.State.DECLINED, Application.State.WITHDRAWN],
                decided_at__lt=now - datetime.timedelta(days=days),
                erased_at__isnull=True,
            )
            count = rows.update(
                name="",
                mobile="",
                household=None,
                household_text="",
                work_unit="",
                skill_tags="",
                offer_text="",
                availability="",
                question="",
                answer="",
                decline_reason="",
                erased_at=now,
            )
            if count:
                audit_record(
                    community=Community.objects.get(pk=community_id),
                    actor=None,
                    action="application.erase",
                    changes={"applications": [None, count]},
                )
            erased += count
    return f"erased the personal data of {erased} declined or withdrawn applications"


def partners_erase_left(now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    today = timezone.localdate(now)
    settings = _settings()
    latest = PartnerStatus.objects.filter(partner=OuterRef("pk")).order_by("-on", "-id")
    erased = 0
    for community_id in Community.objects.values_list("pk", flat=True):
        days = settings[community_id].left_retention_days if community_id in settings else 365
        with transaction.atomic():
            left = (
                Partner.objects.filter(community_id=community_id, erased_at__isnull=True)
                .annotate(change=Subquery(latest.values("change")[:1]), on=Subquery(latest.values("on")[:1]))
                .filter(change=PartnerStatus.Change.LEFT, on__lt=today - datetime.timedelta(days=days))
                .values_list("pk", flat=True)
            )
            count = Partner.objects.filter(pk__in=list(left)).update(
                mobile="", household=None, notes="", offer_text="", availability="", erased_at=now
            )
            if count:
                audit_record(
                    community=Community.objects.get(pk=community_id),
                    actor=None,
                    action="partner.erase",
                    changes={"partners": [None, count]},
                )
            erased += count
    return f"erased the phone and notes of {erased} partners who left"
