"""Helpers of the volunteering tests: people, a one-off activity (its slot started or to come), a rota."""

import datetime

from django.utils import timezone

from partners import services
from partners.models import Activity, Partner, Slot


def person(world, name="陈昌秀", mobile="13800000001", compound=None, community=None, actor=None):
    return services.partner_create(
        community=community or world.home,
        actor=actor or world.staff,
        consents=services.Consents(data_use=True),
        form=Partner.Form.PERSON,
        name=name,
        kind="volunteer",
        mobile=mobile,
        compound=compound if compound is not None else world.compound,
        joined_on=datetime.date(2022, 3, 1),
    )


def organisation(world, name="双龙供电所"):
    return services.partner_create(
        community=world.home,
        actor=world.staff,
        consents=services.Consents(data_use=True),
        form=Partner.Form.ORGANISATION,
        name=name,
        joined_on=datetime.date(2022, 3, 1),
    )


def one_off(world, *, day=None, start=datetime.time(9, 0), end=datetime.time(12, 0), capacity=3, **fields):
    """A one-off activity of the home compound, with its one slot (default: tomorrow, not started)."""
    activity = services.activity_create(
        community=fields.pop("community", world.home),
        kind=Activity.Kind.ONE_OFF,
        actor=world.staff,
        compound=fields.pop("compound", world.compound),
        title=fields.pop("title", "粉刷幸福小屋"),
        place=fields.pop("place", "熊爹爹的车库"),
        capacity=capacity,
        date=day or timezone.localdate() + datetime.timedelta(days=1),
        start_time=start,
        end_time=end,
        **fields,
    )
    return activity, Slot.objects.get(activity=activity)


def started_slot(
    world, *, days_ago=1, capacity=5, start=datetime.time(9, 0), end=datetime.time(12, 0), **fields
):
    """A one-off slot that started already (days_ago days before today), ready for check-in."""
    return one_off(
        world,
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        capacity=capacity,
        start=start,
        end=end,
        **fields,
    )[1]


def rota(
    world, *, weekdays="1234567", starts_on=None, start=datetime.time(18, 0), end=datetime.time(18, 30), **kw
):
    return services.activity_create(
        community=world.home,
        kind=Activity.Kind.ROTA,
        actor=world.staff,
        compound=kw.pop("compound", world.compound),
        title=kw.pop("title", "桂花树浇水"),
        place=kw.pop("place", "3栋前的桂花树"),
        capacity=kw.pop("capacity", 2),
        weekdays=weekdays,
        starts_on=starts_on or timezone.localdate(),
        start_time=start,
        end_time=end,
        **kw,
    )
