"""Shared pieces of the meetings tests: a compound of households with areas, a decision open for ballots."""

import datetime
from decimal import Decimal

from django.utils import timezone

from needs import services
from tests.factories import BuildingFactory, CompoundFactory, HouseholdFactory


def households(world, areas, building_label="9栋", compound=None):
    """Households of a new building of the compound, rooms 101, 102, ... with these areas (None: unknown)."""
    compound = compound or world.compound
    building = BuildingFactory(compound=compound, label=building_label)
    return [
        HouseholdFactory(
            compound=compound,
            building=building,
            room=str(101 + i),
            floor_area=None if area is None else Decimal(str(area)),
        )
        for i, area in enumerate(areas)
    ]


def estate(world, areas=(120, 120, 120, 60, 60, 60, 60, 60, 60, 60), name="电大小区"):
    """A compound of its own (its electorate is exactly these households): by default the 10-household one,
    3 × 120 m² then 7 × 60 m²."""
    compound = CompoundFactory(community=world.home, name=name)
    return compound, households(world, areas, building_label="1栋", compound=compound)


def meeting(world, kind="monthly", held_on=None, compound=None, actor=None):
    return services.meeting_create(
        community=world.home,
        compound=compound or world.compound,
        kind=kind,
        held_on=held_on or timezone.localdate(),
        actor=actor or world.staff,
    )


def open_decision(world, rule="double_majority", buildings=(), meeting_=None, item=None, **extra):
    m = meeting_ or meeting(world)
    return services.decision_open(
        meeting=m,
        agenda_item=item,
        motion=extra.pop("motion", "安装监控，每户50元"),
        rule=rule,
        buildings=list(buildings),
        closes_on=extra.pop("closes_on", timezone.localdate() + datetime.timedelta(days=15)),
        actor=extra.pop("actor", world.staff),
        **extra,
    )


def vote(decision, household, choice="for"):
    return services.ballot_cast(decision=decision, household=household, choice=choice)
