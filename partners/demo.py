"""Demo partners of 双龙社区 from the case, written through partners.services. Safe to run twice.

- partners of all seven kinds and two organisations across the four compounds, among them 陈昌秀 (育才小区's
  party secretary), 熊爹爹 (88, who gave his garage: the 幸福小屋), 袁阿姨 (腰鼓队) and 王大叔 (象棋社);
- seven partner teams, from 育才小区's first (2022-03) to seven across the community, plus the two culture
  groups and a homework-tutoring service team in 嫦娥小区;
- building leaders for 育才小区's 8 buildings;
- a recruitment call with applications in every state;
- volunteering: the osmanthus rota in 嫦娥小区 (daily at 18:00, four weeks past with confirmed hours and four
  weeks to come), homework tutoring on Tuesdays and Thursdays 19:00–20:30, the 幸福小屋 painting day (last
  Saturday but one), and a reversed entry.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from communities.models import Building, Community, Compound

from . import services
from .models import Partner

MARKER = "陈昌秀"

PEOPLE = [
    # name, kind, work unit, compound, mobile, offers, skills, joined
    ("陈昌秀", "branch_member", "", "育才小区", "13872000001", {"offers_labour"}, "走访,组织", "2022-03-01"),
    ("熊爹爹", "party_household", "", "育才小区", "13872000002", {"offers_space"}, "", "2022-03-15"),
    (
        "袁阿姨",
        "active_resident",
        "",
        "育才小区",
        "13872000003",
        {"offers_labour"},
        "腰鼓,广场舞",
        "2022-04-02",
    ),
    ("王大叔", "active_resident", "", "育才小区", "13872000004", {"offers_skills"}, "象棋", "2022-04-10"),
    (
        "刘建华",
        "assigned_cadre",
        "永安街道办事处",
        "育才小区",
        "13872000005",
        {"offers_labour"},
        "",
        "2022-03-01",
    ),
    (
        "周晓梅",
        "sent_down_cadre",
        "咸宁市民政局",
        "育才小区",
        "13872000006",
        {"offers_money", "offers_skills"},
        "政策咨询",
        "2022-03-20",
    ),
    (
        "吴志强",
        "volunteer",
        "",
        "育才小区",
        "13872000007",
        {"offers_skills", "offers_labour"},
        "电工,水管",
        "2022-04-18",
    ),
    ("郑秀英", "committee_member", "", "育才小区", "13872000008", {"offers_labour"}, "记账", "2022-05-06"),
    ("罗大叔", "active_resident", "", "育才小区", "13872000009", {"offers_labour"}, "油漆", "2022-05-20"),
    ("何桂兰", "branch_member", "", "西新巷小区", "13872000010", {"offers_labour"}, "", "2022-05-10"),
    (
        "谢国平",
        "sent_down_cadre",
        "咸宁市住建局",
        "西新巷小区",
        "13872000011",
        {"offers_skills"},
        "燃气,工程",
        "2022-05-10",
    ),
    ("曾德福", "party_household", "", "西新巷小区", "13872000012", {"offers_labour"}, "", "2022-06-01"),
    ("邓海燕", "volunteer", "", "电大小区", "13872000013", {"offers_skills"}, "电工,充电桩", "2022-06-15"),
    ("彭志文", "committee_member", "", "电大小区", "13872000014", {"offers_money"}, "", "2022-06-15"),
    (
        "曹丽娟",
        "active_resident",
        "",
        "嫦娥小区",
        "13872000015",
        {"offers_skills"},
        "辅导作业,英语",
        "2022-07-20",
    ),
    ("肖婷", "volunteer", "", "嫦娥小区", "13872000016", {"offers_skills"}, "辅导作业,数学", "2022-07-20"),
    (
        "田春雪",
        "assigned_cadre",
        "双龙社区居委会",
        "嫦娥小区",
        "13872000017",
        {"offers_labour"},
        "",
        "2022-07-20",
    ),
]
LEADERS = [
    "吴志强",
    "郑秀英",
    "罗大叔",
    "袁阿姨",
    "王大叔",
    "熊爹爹",
    "陈昌秀",
    "刘建华",
]  # 育才小区 1栋 … 8栋

ORGANISATIONS = [
    ("咸宁市住房和城乡建设局", "谢国平", {"offers_materials"}, "墙面涂料 20 桶（幸福小屋）", True),
    ("双龙便民超市", "刘老板", {"offers_materials", "offers_money"}, "志愿积分兑换的米、油", False),
]

TEAMS = [
    # name, kind, compound, formed, leader
    ("育才小区合伙人队伍", "governance", "育才小区", "2022-03-01", "陈昌秀"),
    ("西新巷小区合伙人队伍", "governance", "西新巷小区", "2022-05-10", "何桂兰"),
    ("电大小区合伙人队伍", "governance", "电大小区", "2022-06-15", "邓海燕"),
    ("嫦娥小区合伙人队伍", "governance", "嫦娥小区", "2022-07-20", "曹丽娟"),
    ("双龙社区党员先锋队", "governance", None, "2022-08-15", "刘建华"),
    ("双龙社区巾帼志愿队", "governance", None, "2022-09-20", "周晓梅"),
    ("双龙社区青年志愿队", "governance", None, "2022-11-05", "肖婷"),
    ("腰鼓队", "culture", "育才小区", "2022-06-01", "袁阿姨"),
    ("象棋社", "culture", "育才小区", "2022-07-01", "王大叔"),
    ("嫦娥小区作业辅导队", "service", "嫦娥小区", "2022-09-01", "曹丽娟"),
]


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@transaction.atomic
def load() -> dict:
    community = Community.objects.filter(slug="shuanglong").first()
    if community is None or Partner.objects.filter(community=community, name=MARKER).exists():
        return {}
    staff = get_user_model().objects.filter(username="sl_staff").first()
    compounds = {c.name: c for c in Compound.objects.filter(community=community)}
    people = {}
    for name, kind, unit, compound, mobile, offers, skills, joined in PEOPLE:
        people[name] = services.partner_create(
            community=community,
            actor=staff,
            consents=services.Consents(data_use=True, public_naming=name != "刘建华", how="paper"),
            joined_on=_day(joined),
            form=Partner.Form.PERSON,
            name=name,
            kind=kind,
            work_unit=unit,
            mobile=mobile,
            compound=compounds.get(compound),
            skill_tags=skills,
            offer_text="自家车库（改成幸福小屋）" if name == "熊爹爹" else "",
            **dict.fromkeys(offers, True),
        )
    for name, contact, offers, text, full_name in ORGANISATIONS:
        people[name] = services.partner_create(
            community=community,
            actor=staff,
            consents=services.Consents(data_use=True, public_naming=True, full_name=full_name, how="paper"),
            joined_on=_day("2022-05-01"),
            form=Partner.Form.ORGANISATION,
            name=name,
            contact_name=contact,
            offer_text=text,
            **dict.fromkeys(offers, True),
        )
    teams = {}
    for name, kind, compound, formed, leader in TEAMS:
        teams[name] = services.team_create(
            community=community,
            name=name,
            kind=kind,
            formed_on=_day(formed),
            compound=compounds.get(compound) if compound else None,
            leader=people[leader],
            actor=staff,
        )
    for name in ("熊爹爹", "吴志强", "郑秀英", "罗大叔", "刘建华", "周晓梅"):
        joined = max(people[name].statuses.get().on, teams["育才小区合伙人队伍"].formed_on)
        services.team_member_add(
            team=teams["育才小区合伙人队伍"], partner=people[name], joined_on=joined, actor=staff
        )
    services.team_member_add(
        team=teams["嫦娥小区作业辅导队"], partner=people["肖婷"], joined_on=_day("2022-09-01"), actor=staff
    )
    yucai = compounds.get("育才小区")
    if yucai is not None:
        buildings = list(Building.objects.filter(compound=yucai).order_by("sort_key", "label"))
        for building, name in zip(buildings, LEADERS, strict=False):
            services.assignment_create(
                partner=people[name],
                role="building_leader",
                compound=yucai,
                building=building,
                starts_on=_day("2022-06-01"),
                actor=staff,
            )
        services.assignment_create(
            partner=people["刘建华"], role="cadre", compound=yucai, starts_on=_day("2022-03-01"), actor=staff
        )
    _call_with_applications(community, staff, teams)
    hours = _volunteering(community, compounds, people, teams, staff)
    _service_record(people["肖婷"], staff)
    return {"partners": len(people), "teams": len(teams), "hours": hours}


def _call_with_applications(community, staff, teams) -> None:
    call = services.call_create(
        community=community,
        title="幸福合伙人招募令",
        wanted="楼栋长 × 2（西新巷小区）\n会修水电的师傅\n粉刷用的涂料\n一间可以做活动的房间",
        until=timezone.localdate() + datetime.timedelta(days=60),
        actor=staff,
    )

    def apply(name, mobile, **fields):
        fields.setdefault("form", Partner.Form.PERSON)
        fields.setdefault("kind", "active_resident")
        application, _token = services.application_submit(
            call=call,
            consents=services.Consents(data_use=True, public_naming=True),
            name=name,
            mobile=mobile,
            **fields,
        )
        return application

    apply("李秀珍", "13972000001", offers_labour=True, availability="周末")  # waiting for review
    apply("王大叔", "13872000004", offers_skills=True, skill_tags="象棋")  # a known partner's phone
    apply("王小明", "13872000004", kind="volunteer", offers_labour=True)  # the same phone, another name
    asked = apply("张建军", "13972000003", offers_skills=True, skill_tags="水电")
    services.application_ask(application=asked, question="您住哪个小区？什么时间方便？", actor=staff)
    accepted = apply("黄丽", "13972000004", kind="volunteer", offers_labour=True)
    services.application_accept(application=accepted, actor=staff, team=teams["双龙社区青年志愿队"])
    declined = apply("孙伟", "13972000005", offers_money=True)
    services.application_decline(
        application=declined, reason="本期名额已满，下期招募时再联系您。", actor=staff
    )
    withdrawn = apply("林芳", "13972000006", offers_labour=True)
    services.application_withdraw(application=withdrawn)


def _volunteering(community, compounds, people, teams, staff) -> int:
    """The case's volunteer work, through the services: recorded by sl_staff, confirmed by sl_admin (the
    second person). Returns how many hours entries it wrote."""
    from .models import Activity, Slot
    from .services.volunteering import slots_generate

    admin = get_user_model().objects.filter(username="sl_admin").first()
    change = compounds.get("嫦娥小区")
    yucai = compounds.get("育才小区")
    if staff is None or admin is None or change is None or yucai is None:
        return 0
    today = timezone.localdate()
    now = timezone.now()
    start = today - datetime.timedelta(days=28)
    osmanthus = services.activity_create(
        community=community,
        kind=Activity.Kind.ROTA,
        actor=staff,
        compound=change,
        title="桂花树浇水",
        place="嫦娥小区 3栋前的老桂花树",
        description="接力浇水，让快枯死的桂花树重新开花。",
        capacity=2,
        weekdays="1234567",
        starts_on=start,
        start_time=datetime.time(18, 0),
        end_time=datetime.time(18, 30),
    )
    slots_generate(activity=osmanthus, today=start)  # the four weeks already watered
    waterers = [people["曹丽娟"], people["肖婷"], people["田春雪"]]
    entries = 0
    past = Slot.objects.filter(activity=osmanthus, starts_at__lt=now).order_by("starts_at")
    for n, slot in enumerate(past):
        pair = [waterers[n % 3], waterers[(n + 1) % 3]]
        recorded = services.checkin_record(slot=slot, actor=staff, ticked=[(p, None) for p in pair])
        entries += len(recorded)
        services.hours_confirm(slot=slot, actor=admin)
        if n == 3:
            services.hours_reverse(entry=recorded[1], reason="当天下雨，没有浇水，记错了。", actor=admin)
    for slot in Slot.objects.filter(activity=osmanthus, starts_at__gt=now).order_by("starts_at")[:3]:
        services.signup_create(slot=slot, partner=people["肖婷"], actor=staff)

    tutoring = services.activity_create(
        community=community,
        kind=Activity.Kind.ROTA,
        actor=staff,
        compound=change,
        title="作业辅导",
        place="嫦娥小区 社区活动室",
        description="放学后辅导小学生做作业。",
        team=teams.get("嫦娥小区作业辅导队"),
        capacity=3,
        weekdays="24",
        starts_on=today,
        start_time=datetime.time(19, 0),
        end_time=datetime.time(20, 30),
    )
    for slot in Slot.objects.filter(activity=tutoring).order_by("starts_at")[:4]:
        for name in ("曹丽娟", "肖婷"):
            services.signup_create(slot=slot, partner=people[name], actor=staff)

    saturday = today - datetime.timedelta(days=(today.weekday() - 5) % 7 + 7)
    painting = services.activity_create(
        community=community,
        kind=Activity.Kind.ONE_OFF,
        actor=staff,
        compound=yucai,
        title="粉刷幸福小屋",
        place="熊爹爹的车库",
        description="把熊爹爹的车库粉刷成居民活动的幸福小屋（涂料由市住建局捐赠）。",
        capacity=6,
        date=saturday,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(12, 0),
    )
    slot = Slot.objects.get(activity=painting)
    painters = [people[name] for name in ("陈昌秀", "吴志强", "郑秀英", "罗大叔")]
    recorded = services.checkin_record(
        slot=slot,
        actor=staff,
        ticked=[(p, None) for p in painters],
        walk_ins=[services.WalkIn(name="熊小军", mobile="13872000099", hours="2", consent_on_paper=True)],
    )
    services.hours_confirm(slot=slot, actor=admin)
    return entries + len(recorded)


def _service_record(partner, staff) -> None:
    """One issued volunteer service record (issue 13): 肖婷's tutoring this year. Her confirmed hours come from
    the volunteering demo; two tutoring evenings are recorded (and confirmed by the admin) when it gave none."""
    from .queries import counted_hours

    today = timezone.localdate()
    first = today.replace(month=1, day=1)
    if counted_hours(partner, since=first, until=today) == 0:
        admin = get_user_model().objects.filter(username="sl_admin").first()
        for days in (15, 8):
            day = max(first, today - datetime.timedelta(days=days))
            entry = services.hours_record(
                partner=partner, date=day, hours="1.5", description="作业辅导", source="demo", actor=staff
            )
            services.hours_confirm(entry=entry, actor=admin)
    if not partner.service_records.exists():
        services.service_record_issue(partner=partner, period_from=first, period_to=today, actor=staff)
