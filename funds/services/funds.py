"""Funds, the community's funds settings, and approvals (the facts of the decision behind a levy, an expense or
a transfer; the needs app records its meetings' decisions through approval_record)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.errors import DomainError
from communities.models import Community, Compound
from communities.money import ZERO, round_yuan
from communities.photos import clean_photo
from communities.text import clean_text

from ..models import Approval, Fund, FundSettings
from ..queries import fund_settings_for
from ._common import _same_community


@transaction.atomic
def fund_settings_update(*, community: Community, expense_approval_threshold, actor) -> FundSettings:
    settings = fund_settings_for(community)
    before = settings.expense_approval_threshold
    threshold = round_yuan(Decimal(expense_approval_threshold))
    if threshold < ZERO:
        raise DomainError(_("Enter an amount of zero or more."), field="expense_approval_threshold")
    settings.expense_approval_threshold = threshold
    settings.save()
    audit_record(
        community=community,
        actor=actor,
        action="funds.settings",
        target=settings,
        changes={"expense_approval_threshold": [str(before), str(threshold)]},
    )
    return settings


@transaction.atomic
def fund_create(
    *,
    community: Community,
    name: str,
    kind: str,
    actor,
    compound: Compound | None = None,
    description: str = "",
) -> Fund:
    name, description = clean_text(name), clean_text(description)
    if not name:
        raise DomainError(_("Enter a name."), field="name")
    _same_community(community, compound)
    if kind not in Fund.Kind.values:
        raise DomainError(_("Choose a kind of fund."), field="kind")
    if Fund.objects.filter(community=community, name=name).exists():
        raise DomainError(_("There is a fund named “%(name)s” already.") % {"name": name}, field="name")
    fund = Fund.objects.create(
        community=community,
        compound=compound,
        name=name,
        kind=kind,
        description=description,
        created_by=actor,
    )
    audit_record(
        community=community,
        actor=actor,
        action="fund.create",
        target=fund,
        changes={"name": [None, name], "kind": [None, kind]},
    )
    return fund


@transaction.atomic
def approval_record(
    *,
    community: Community,
    meeting_name: str,
    decided_on: datetime.date,
    actor,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstain: int = 0,
    summary: str = "",
    compound: Compound | None = None,
    minutes_photo=None,
    source: str = "",
) -> Approval:
    """Record the facts of a decision. The needs app calls this for its meetings' decisions."""
    meeting_name, summary, source = clean_text(meeting_name), clean_text(summary), clean_text(source)
    if not meeting_name:
        raise DomainError(_("Enter the meeting."), field="meeting_name")
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise DomainError(_("Votes cannot be negative."), field="votes_for")
    if decided_on > timezone.localdate():
        raise DomainError(_("The decision cannot be in the future."), field="decided_on")
    _same_community(community, compound)
    approval = Approval(
        community=community,
        compound=compound,
        meeting_name=meeting_name,
        decided_on=decided_on,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        summary=summary,
        source=source,
        recorded_by=actor,
    )
    if minutes_photo is not None:
        # Private storage, random name (the field's upload_to): only the suffix of this name is kept.
        approval.minutes_photo.save(
            "minutes.jpg", clean_photo(minutes_photo, name="minutes_photo"), save=False
        )
    approval.save()
    audit_record(
        community=community,
        actor=actor,
        action="approval.record",
        target=approval,
        changes={
            "meeting_name": [None, meeting_name],
            "votes": [None, f"{votes_for}/{votes_against}/{votes_abstain}"],
        },
    )
    return approval
