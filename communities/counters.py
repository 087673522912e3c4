"""Gap-free numbers per community and name: receipts today, service records and certificates later.

`counter_next` is the only way to take a number. Call it inside the transaction of the service that issues
the number: it locks the community's counter row (select_for_update) until that transaction ends, so two
concurrent payments never share a number, and a payment that rolls back gives its number back. The sequence
has no gap, which `verify_ledgers` checks for receipts.

`counter_lock` takes the same lock without taking a number: a service that must check something across the
whole community before it issues a number (funds: a paper receipt number used by no other payment) takes the
lock first, so that every issuer of that sequence checks and writes one after another.
"""

from django.db import IntegrityError, transaction

from .models import Community, Counter


def counter_lock(*, community: Community | int, name: str) -> Counter:
    """The community's `name` counter row, locked (select_for_update) until the caller's transaction ends;
    created when the sequence has none yet. Call it inside a transaction."""
    community_id = getattr(community, "pk", community)
    counter = Counter.objects.select_for_update().filter(community_id=community_id, name=name).first()
    if counter is None:
        try:
            with transaction.atomic():
                Counter.objects.create(community_id=community_id, name=name)
        except IntegrityError:
            pass  # created by a concurrent transaction: the lock below waits for it to end
        counter = Counter.objects.select_for_update().get(community_id=community_id, name=name)
    return counter


def counter_next(*, community: Community | int, name: str) -> int:
    """The next number of the community's `name` sequence (1 for the first), taken under the row's lock."""
    with transaction.atomic():
        counter = counter_lock(community=community, name=name)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return counter.last_number
