"""Volunteer service records (志愿服务记录证明): staff issue one for a person and a period.

A record is a frozen snapshot of the hours that counted on the day it was issued (confirmed and not reversed,
partners.queries.counted_entries): grouped by activity (or, for hours recorded by another app, by their source)
and month with the times and hours, the total, and every entry for the check page; the issuing community; a
SHA-256 hash of all of it. Its serial comes from the community's gap-free counter (communities/counters.py),
taken only after every check has passed, inside the same transaction: a refused issue takes no number, and one
that rolls back gives its number back.

What happens later (a reversal, hours confirmed late for a day in the period) never changes the record: the
check page compares the frozen entries with what counts today (`record_corrections`) and says "hours corrected
after issue". 谁记录谁证明: the person who issues a record is named on it.
"""

import datetime
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.audit import audit_record
from communities.counters import counter_next
from communities.errors import DomainError

from ..models import SERVICE_RECORD_COUNTER, HoursEntry, Partner, ServiceRecord
from ..queries.volunteering import counted_entries, tenths
from ._common import not_in_future

SNAPSHOT_VERSION = 1
# Long enough for a year's record and a little more (the rules ask for records of a year, or since joining).
MAX_PERIOD_DAYS = 366 * 5


def _group_key(entry: HoursEntry) -> tuple[str, str]:
    """What an entry is grouped under: its activity, or the source another app named (with its description)."""
    if entry.activity_id:
        return f"activity:{entry.activity_id}", entry.activity.title
    return f"source:{entry.source}", entry.description or entry.source


def record_figures(entries: list[HoursEntry]) -> dict[str, Any]:
    """The figures of a record from its entries (each with `activity` loaded): rows by activity and month
    (times, hours), the total hours and times, and every entry, as JSON-ready text."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    labels: dict[str, str] = {}
    for entry in entries:
        key, label = _group_key(entry)
        labels.setdefault(key, label)
        month = entry.date.strftime("%Y-%m")
        row = groups.setdefault((key, month), {"times": 0, "hours": Decimal("0")})
        row["times"] += 1
        row["hours"] += entry.hours
    rows = [
        {"what": labels[key], "month": month, "times": row["times"], "hours": str(tenths(row["hours"]))}
        for (key, month), row in sorted(groups.items(), key=lambda item: (labels[item[0][0]], item[0][1]))
    ]
    return {
        "rows": rows,
        "total": str(tenths(sum((e.hours for e in entries), Decimal("0")))),
        "times": len(entries),
        "entries": [
            {"id": e.pk, "date": e.date.isoformat(), "what": _group_key(e)[1], "hours": str(e.hours)}
            for e in sorted(entries, key=lambda e: (e.date, e.pk))
        ],
    }


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the snapshot as canonical JSON (sorted keys, no spaces): the same figures, the same hash."""
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _counted_in_period(partner: Partner, period_from: datetime.date, period_to: datetime.date):
    return counted_entries(
        HoursEntry.objects.filter(
            community_id=partner.community_id, partner=partner, date__gte=period_from, date__lte=period_to
        )
    )


def _checked_period(period_from, period_to) -> tuple[datetime.date, datetime.date]:
    if period_from is None:
        raise DomainError(_("Enter the first day of the period."), field="period_from")
    if period_to is None:
        raise DomainError(_("Enter the last day of the period."), field="period_to")
    if period_to < period_from:
        raise DomainError(_("The period cannot end before it starts."), field="period_to")
    not_in_future(period_to, field="period_to")
    if (period_to - period_from).days >= MAX_PERIOD_DAYS:
        raise DomainError(_("A record covers at most five years."), field="period_from")
    return period_from, period_to


@transaction.atomic
def service_record_issue(
    *, partner: Partner, period_from: datetime.date, period_to: datetime.date, actor
) -> ServiceRecord:
    """Issue a volunteer service record of the person's counted hours in the period (both days included), with
    the next serial of the community. Refused, taking no number, for an organisation, a period in the future or
    out of order, or a period without counted hours."""
    if not getattr(actor, "pk", None):
        raise DomainError(_("A service record is issued by a member of staff."))
    if partner.merged_into_id:
        partner = Partner.objects.get(pk=partner.merged_into_id)
    if partner.is_organisation:
        raise DomainError(
            _("%(name)s is an organisation: records are issued to the people who did the work.")
            % {"name": partner.name},
            field="partner",
        )
    period_from, period_to = _checked_period(period_from, period_to)
    partner = Partner.objects.select_related("community").get(pk=partner.pk)
    entries = list(_counted_in_period(partner, period_from, period_to).select_related("activity"))
    if not entries:
        raise DomainError(
            _("%(name)s has no confirmed hours in this period: there is nothing to certify.")
            % {"name": partner.name},
            field="period_from",
        )
    community = partner.community
    serial = counter_next(community=community, name=SERVICE_RECORD_COUNTER)
    issued_on = timezone.localdate()
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "serial": serial,
        "partner": {"id": partner.pk, "name": partner.name},
        "community": {"id": community.pk, "name": community.name},
        "period": [period_from.isoformat(), period_to.isoformat()],
        "issued_on": issued_on.isoformat(),
        "issued_by": actor.get_full_name() or actor.get_username(),
        **record_figures(entries),
    }
    record = ServiceRecord.objects.create(
        community=community,
        partner=partner,
        period_from=period_from,
        period_to=period_to,
        serial=serial,
        snapshot=snapshot,
        snapshot_hash=snapshot_hash(snapshot),
        issued_by=actor,
    )
    audit_record(
        community=community,
        actor=actor,
        action="service_record.issue",
        target=record,
        changes={
            "partner": [None, partner.name],
            "serial": [None, serial],
            "period": [None, f"{period_from.isoformat()} – {period_to.isoformat()}"],
            "hours": [None, snapshot["total"]],
        },
    )
    return record


def record_corrections(record: ServiceRecord) -> dict[str, Any]:
    """How today's counted hours of the record's period differ from the frozen ones: entries reversed since
    (`reversed`), entries that count now and did not then, e.g. confirmed later (`added`), and today's total.
    `changed` is whether anything differs. Two queries."""
    frozen = {row["id"] for row in record.snapshot.get("entries", [])}
    now = dict(
        _counted_in_period(record.partner, record.period_from, record.period_to).values_list("pk", "hours")
    )
    gone = frozen - set(now)
    added = set(now) - frozen
    return {
        "changed": bool(gone or added),
        "reversed": len(gone),
        "added": len(added),
        "total_now": tenths(sum(now.values(), Decimal("0"))),
    }
