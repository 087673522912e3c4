"""Permission-matrix rows of the partners app."""

from communities.models import Role
from tests.matrix import public_page, staff_page


def _partner(w, community_attr: str):
    cache = w.__dict__.setdefault("_partners", {})
    if community_attr not in cache:
        from partners import services
        from partners.models import Partner

        community = getattr(w, community_attr)
        actor = w.staff if community_attr == "home" else w.outsider
        partner = services.partner_create(
            community=community,
            actor=actor,
            consents=services.Consents(data_use=True, public_naming=True),
            form=Partner.Form.PERSON,
            name="陈昌秀" if community_attr == "home" else "桂花",
            kind="branch_member",
            mobile="13800000001",
        )
        token = services.partner_link_issue(partner=partner, actor=actor)
        cache[community_attr] = (partner, token)
    return cache[community_attr]


def _call(w, community_attr: str):
    cache = w.__dict__.setdefault("_partner_calls", {})
    if community_attr not in cache:
        import datetime

        from django.utils import timezone

        from partners import services

        community = getattr(w, community_attr)
        actor = w.staff if community_attr == "home" else w.outsider
        call = services.call_create(
            community=community,
            title="招募令",
            wanted="楼栋长",
            until=timezone.localdate() + datetime.timedelta(days=10),
            actor=actor,
        )
        application, token = services.application_submit(
            call=call,
            consents=services.Consents(data_use=True),
            form="person",
            kind="volunteer",
            name="袁阿姨",
            mobile="13900000001",
        )
        cache[community_attr] = (call, application, token)
    return cache[community_attr]


def call(w):
    return {"slug": w.home.slug, "pk": _call(w, "home")[0].pk}


def other_call(w):
    return {"slug": w.home.slug, "pk": _call(w, "other")[0].pk}


def application(w):
    return {"slug": w.home.slug, "pk": _call(w, "home")[1].pk}


def other_application(w):
    return {"slug": w.home.slug, "pk": _call(w, "other")[1].pk}


def _team(w, community_attr: str):
    cache = w.__dict__.setdefault("_partner_teams", {})
    if community_attr not in cache:
        import datetime

        from partners import services

        partner = _partner(w, community_attr)[0]
        actor = w.staff if community_attr == "home" else w.outsider
        team = services.team_create(
            community=getattr(w, community_attr),
            name="合伙人队伍" if community_attr == "home" else "桂花队",
            kind="governance",
            formed_on=datetime.date(2022, 3, 1),
            actor=actor,
            leader=partner,
        )
        assignment = services.assignment_create(
            partner=partner,
            role="cadre",
            compound=w.compound if community_attr == "home" else w.other_compound,
            actor=actor,
        )
        cache[community_attr] = (team, team.memberships.get(), assignment)
    return cache[community_attr]


def team_kwargs(index, community_attr="home"):
    return lambda w: {"slug": w.home.slug, "pk": _team(w, community_attr)[index].pk}


def home(w):
    return {"slug": w.home.slug, "pk": _partner(w, "home")[0].pk}


def other(w):
    return {"slug": w.home.slug, "pk": _partner(w, "other")[0].pk}


def _import(w, community_attr: str):
    """A volunteer list imported into the community (its import's page lists who is missing from it)."""
    cache = w.__dict__.setdefault("_partner_imports", {})
    if community_attr not in cache:
        from partners.roster import partners_import_apply

        data = "姓名,手机,类别\r\n袁阿姨,13900000002,社区志愿者\r\n".encode()
        cache[community_attr] = partners_import_apply(
            community=getattr(w, community_attr),
            actor=w.admin if community_attr == "home" else w.outsider,
            data=data,
            filename="志愿者.csv",
        ).roster_import
    return {"slug": w.home.slug, "pk": cache[community_attr].pk}


ROWS = {
    "partners:partners": staff_page(Role.OBSERVER),
    "partners:partner_create": staff_page(Role.STAFF),
    # Community admins import volunteer lists; staff export the registry; observers do neither.
    "partners:import": staff_page(Role.ADMIN),
    "partners:import_missing": staff_page(
        Role.ADMIN, lambda w: _import(w, "home"), cross=lambda w: _import(w, "other")
    ),
    "partners:export": staff_page(Role.STAFF),
    "partners:partner": staff_page(Role.OBSERVER, home, cross=other),
    "partners:partner_edit": staff_page(Role.STAFF, home, cross=other),
    "partners:partner_status": staff_page(Role.STAFF, home, cross=other),
    "partners:partner_consent": staff_page(Role.STAFF, home, cross=other),
    "partners:partner_link": staff_page(Role.STAFF, home, cross=other),
    "partners:partner_merge": staff_page(Role.STAFF, home, cross=other),
    "partners_public:link": public_page(lambda w: {"token": _partner(w, "home")[1]}),
    "partners:calls": staff_page(Role.OBSERVER),
    "partners:call_create": staff_page(Role.STAFF),
    "partners:call": staff_page(Role.OBSERVER, call, cross=other_call),
    "partners:call_poster": staff_page(Role.OBSERVER, call, cross=other_call),
    "partners:call_close": staff_page(Role.STAFF, call, cross=other_call),
    "partners:applications": staff_page(Role.STAFF),
    "partners:application": staff_page(Role.STAFF, application, cross=other_application),
    "partners:teams": staff_page(Role.OBSERVER),
    "partners:team_create": staff_page(Role.STAFF),
    "partners:team": staff_page(Role.OBSERVER, team_kwargs(0), cross=team_kwargs(0, "other")),
    "partners:team_member_leave": staff_page(Role.STAFF, team_kwargs(1), cross=team_kwargs(1, "other")),
    "partners:assignment_create": staff_page(Role.STAFF, home, cross=other),
    "partners:assignment_end": staff_page(Role.STAFF, team_kwargs(2), cross=team_kwargs(2, "other")),
    "partners_public:call": public_page(lambda w: {"token": _call(w, "home")[0].public_token}),
    "partners_public:application": public_page(lambda w: {"token": _call(w, "home")[2]}),
    "partners_public:application_withdraw": public_page(lambda w: {"token": _call(w, "home")[2]}, status=405),
}
