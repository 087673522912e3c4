"""The partners' check for `manage.py verify_ledgers` (the `ledger_checks` slot): the queue of hours waiting for a
confirmation (HoursWaiting) is exactly the entries with neither a confirmation nor a reversal. The queue is kept by
the hours services; this recomputes it from the append-only facts and names every entry where the two differ."""

from .models import HoursEntry, HoursWaiting


def verify_hours_queue(community=None) -> list[str]:
    """Every mismatch between the queue and the entries it stands for, as a sentence; [] when they agree."""
    entries = (
        HoursEntry.objects.all() if community is None else HoursEntry.objects.filter(community=community)
    )
    queue = (
        HoursWaiting.objects.all() if community is None else HoursWaiting.objects.filter(community=community)
    )
    waiting = set(
        entries.filter(confirmation__isnull=True, reversal__isnull=True).values_list("pk", flat=True)
    )
    queued = set(queue.values_list("entry_id", flat=True))
    return [
        *(
            f"hours entry {pk}: waits for a confirmation but is not in the queue"
            for pk in sorted(waiting - queued)
        ),
        *(f"hours entry {pk}: in the queue but confirmed or reversed" for pk in sorted(queued - waiting)),
    ]
