"""Gap-free per-community counters (communities/counters.py): one number after the other, per community and
name, never shared between concurrent callers, given back when the caller's transaction rolls back."""

import threading

import pytest
from django.db import connection, connections, transaction

from communities.counters import counter_next
from communities.models import Counter
from tests.conftest import skip_unless


def test_numbers_follow_one_another_per_community_and_name(world):
    assert [counter_next(community=world.home, name="receipt") for _ in range(3)] == [1, 2, 3]
    assert counter_next(community=world.other, name="receipt") == 1
    assert counter_next(community=world.home.pk, name="certificate") == 1
    assert counter_next(community=world.home, name="receipt") == 4
    assert Counter.objects.get(community=world.home, name="receipt").last_number == 4


def test_a_rolled_back_number_is_issued_again(world):
    counter_next(community=world.home, name="receipt")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert counter_next(community=world.home, name="receipt") == 2
        raise RuntimeError("the payment failed after taking its number")
    assert counter_next(community=world.home, name="receipt") == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_callers_racing_for_a_new_counter_each_get_their_own_number(world):
    skip_unless(connection.vendor == "postgresql", "row locks need PostgreSQL")
    barrier = threading.Barrier(8)
    numbers, errors = [], []

    def take():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(counter_next(community=world.home, name="service_record"))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers) == list(range(1, 9))
