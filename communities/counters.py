"""Gap-free numbers per community and name: receipts today, service records and certificates later.

`counter_next` is the only way to take a number. Call it inside the transaction of the service that issues
the number: it locks the community's counter row (select_for_update) until that transaction ends, so two
concurrent payments never share a number, and a payment that rolls back gives its number back. The sequence
has no gap, which `verify_ledgers` checks for receipts.
"""

from django.db import IntegrityError, transaction

from .models import Community, Counter


def counter_next(*, community: Community | int, name: str) -> int:
    """The next number of the community's `name` sequence (1 for the first), taken under the row's lock."""
    community_id = getattr(community, "pk", community)
    with transaction.atomic():
        counter = Counter.objects.select_for_update().filter(community_id=community_id, name=name).first()
        if counter is None:
            try:
                with transaction.atomic():
                    Counter.objects.create(community_id=community_id, name=name)
            except IntegrityError:
                pass  # created by a concurrent transaction: the lock below waits for it to end
            counter = Counter.objects.select_for_update().get(community_id=community_id, name=name)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return counter.last_number
