"""Migration funds 0014 gives a levy's scope buildings `community_id`: rows made before it take their levy's."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from funds.models import LevyScopeBuilding

BEFORE = [("funds", "0013_handover")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_scope_buildings_made_before_the_migration_get_their_levys_community(world):
    from tests.factories import BuildingFactory

    building = BuildingFactory(compound=world.compound, label="9栋")
    other_building = BuildingFactory(compound=world.other_compound, label="2栋")
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        Fund, Levy = old.get_model("funds", "Fund"), old.get_model("funds", "Levy")
        levies = {}
        for community, compound, scope in [
            (world.home, world.compound, building),
            (world.other, world.other_compound, other_building),
        ]:
            fund = Fund.objects.create(
                community_id=community.pk, compound_id=compound.pk, name="监控", kind="levy"
            )
            levy = Levy.objects.create(
                community_id=community.pk,
                compound_id=compound.pk,
                fund=fund,
                purpose="安装监控",
                amount=Decimal("50.00"),
            )
            levy.scope_buildings.add(scope.pk)
            levies[community.pk] = levy.pk
    finally:
        _migrate()
    rows = {row.levy_id: row.community_id for row in LevyScopeBuilding.objects.all()}
    assert rows == {levy: community for community, levy in levies.items()}
