"""Demo data from the Shuanglong case (see shared/case). Loaded by `manage.py load_demo`; safe to run twice."""

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .models import Community, Household, Membership, Role

DEMO_PASSWORD = "hehuo-demo-2026"  # noqa: S105 - local demo only, printed by `make run`

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任沈熊"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅兰玉珍志文斌海燕婷辉鹏飞春雪莉昌翠凤德福"

DEMO_USERS = [
    # username, community slug, role, full name
    ("sl_admin", "shuanglong", Role.ADMIN, "陈昌秀"),
    ("sl_treasurer", "shuanglong", Role.TREASURER, "刘会计"),
    ("sl_staff", "shuanglong", Role.STAFF, "王志愿"),
    ("sl_observer", "shuanglong", Role.OBSERVER, "永安街道"),
    ("gh_admin", "guihua", Role.ADMIN, "周主任"),
    ("gh_staff", "guihua", Role.STAFF, "孙干事"),
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "157", "186", "177"]) + f"{rng.randrange(10**8):08d}"


def _grid(
    compound, *, buildings: int, units: int, floors: int, rooms: int, renovated: int, rng, residents=None
):
    """Households building by building, unit by unit, floor by floor; the first `renovated` are renovated."""
    index = 0
    for b in range(1, buildings + 1):
        for u in range(1, units + 1) if units else [None]:
            for f in range(1, floors + 1):
                for r in range(1, rooms + 1):
                    services.household_create(
                        compound=compound,
                        building=f"{b}栋",
                        unit=f"{u}单元" if u else "",
                        room=f"{f}{r:02d}",
                        actor=None,
                        head_name=_name(rng),
                        phone=_phone(rng),
                        residents=residents[index] if residents else rng.randint(1, 5),
                        floor_area=Decimal(rng.choice(["68.50", "85.20", "96.00", "112.30", "125.80"])),
                        renovation=Household.Renovation.RENOVATED
                        if index < renovated
                        else Household.Renovation.UNRENOVATED,
                        occupancy=Household.Occupancy.OCCUPIED
                        if index < renovated
                        else Household.Occupancy.VACANT,
                        is_low_income=rng.random() < 0.04,
                        is_elderly_alone=rng.random() < 0.06,
                    )
                    index += 1


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """`parts` household sizes from 1 to 6 that add up to `total`."""
    sizes = [1] * parts
    for _ in range(total - parts):
        i = rng.randrange(parts)
        while sizes[i] >= 6:
            i = rng.randrange(parts)
        sizes[i] += 1
    return sizes


@transaction.atomic
def load() -> dict:
    rng = random.Random(2022)
    created = {}
    shuanglong = Community.objects.filter(slug="shuanglong").first()
    if shuanglong is None:
        shuanglong = services.community_create(
            name="双龙社区", slug="shuanglong", street="永安街道", actor=None
        )
        yucai = services.compound_create(
            community=shuanglong,
            name="育才小区",
            built_year=2012,
            built_month=7,
            notes="拆迁还建",
            actor=None,
        )
        # 8 buildings x 2 units x 8 floors x 2 rooms = 256 households, 201 renovated (the CCTV levy).
        _grid(yucai, buildings=8, units=2, floors=8, rooms=2, renovated=201, rng=rng)
        xixin = services.compound_create(
            community=shuanglong, name="西新巷小区", notes="老旧小区", actor=None
        )
        # 141 households with 390 residents: 3 buildings x 3 units x 8 floors x 2 rooms = 144, last 3 left out.
        sizes = _spread(390, 141, rng)
        index = 0
        for b in range(1, 4):
            for u in range(1, 4):
                for f in range(1, 9):
                    for r in range(1, 3):
                        if index >= 141:
                            break
                        services.household_create(
                            compound=xixin,
                            building=f"{b}号楼",
                            unit=str(u),
                            room=f"{f}0{r}",
                            actor=None,
                            head_name=_name(rng),
                            phone=_phone(rng),
                            residents=sizes[index],
                            renovation=Household.Renovation.RENOVATED,
                            occupancy=Household.Occupancy.OCCUPIED,
                        )
                        index += 1
        dianda = services.compound_create(
            community=shuanglong, name="电大小区", built_year=1998, actor=None, notes="单位宿舍，无单元"
        )
        _grid(dianda, buildings=3, units=0, floors=6, rooms=2, renovated=30, rng=rng)
        change = services.compound_create(community=shuanglong, name="嫦娥小区", built_year=2005, actor=None)
        _grid(change, buildings=4, units=2, floors=6, rooms=2, renovated=80, rng=rng)
        created["shuanglong"] = True

    guihua = Community.objects.filter(slug="guihua").first()
    if guihua is None:
        guihua = services.community_create(name="桂花社区", slug="guihua", street="温泉街道", actor=None)
        osmanthus = services.compound_create(community=guihua, name="桂花苑小区", built_year=2008, actor=None)
        _grid(osmanthus, buildings=2, units=2, floors=6, rooms=2, renovated=40, rng=rng)
        created["guihua"] = True

    User = get_user_model()
    communities = {c.slug: c for c in Community.objects.filter(slug__in=["shuanglong", "guihua"])}
    for username, slug, role, full_name in DEMO_USERS:
        user, made = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if made:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(community=communities[slug], user=user, defaults={"role": role})
    if not User.objects.filter(username="platform").exists():
        User.objects.create_superuser("platform", "", DEMO_PASSWORD)
    return created
