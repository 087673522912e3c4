"""Reads that several partners pages share, in a constant number of queries whatever the number of rows:

- people: the registry and its filters;
- volunteering: slots with their sign-up counts, counted hours (confirmed, not reversed), hours by month,
  hours waiting for confirmation.
"""

from .people import active_partners, registry
from .volunteering import (
    counted_entries,
    counted_hours,
    hours_by_month,
    open_slots_for,
    slots_with_counts,
    tenths,
    upcoming_signups,
    waiting_entries,
    waiting_queue,
)

__all__ = [
    "active_partners",
    "counted_entries",
    "counted_hours",
    "hours_by_month",
    "open_slots_for",
    "registry",
    "slots_with_counts",
    "tenths",
    "upcoming_signups",
    "waiting_entries",
    "waiting_queue",
]
