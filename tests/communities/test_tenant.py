"""The abstract tenant model (communities.models.TenantModel): its `objects.of(community)` scopes every read."""

from communities.counters import counter_next
from communities.models import Counter
from funds.models import Fund


def test_of_returns_only_the_rows_of_that_community(world):
    home = Fund.objects.create(community=world.home, name="幸福基金", kind=Fund.Kind.HAPPINESS)
    other = Fund.objects.create(community=world.other, name="幸福基金", kind=Fund.Kind.HAPPINESS)
    assert list(Fund.objects.of(world.home)) == [home]
    assert list(Fund.objects.of(world.other.pk)) == [other]
    assert Fund.objects.filter(name="幸福基金").of(world.other).get() == other


def test_a_new_model_on_the_base_is_scoped_the_same_way(world):
    counter_next(community=world.home, name="receipt")
    counter_next(community=world.other, name="receipt")
    assert [c.community_id for c in Counter.objects.of(world.home)] == [world.home.pk]
