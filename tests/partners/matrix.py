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


def home(w):
    return {"slug": w.home.slug, "pk": _partner(w, "home")[0].pk}


def other(w):
    return {"slug": w.home.slug, "pk": _partner(w, "other")[0].pk}


ROWS = {
    "partners:partners": staff_page(Role.OBSERVER),
    "partners:partner_create": staff_page(Role.STAFF),
    "partners:partner": staff_page(Role.OBSERVER, home, cross=other),
    "partners:partner_edit": staff_page(Role.STAFF, home, cross=other),
    "partners:partner_status": staff_page(Role.STAFF, home, cross=other),
    "partners:partner_consent": staff_page(Role.STAFF, home, cross=other),
    "partners:partner_link": staff_page(Role.STAFF, home, cross=other),
    "partners:partner_merge": staff_page(Role.STAFF, home, cross=other),
    "partners_public:link": public_page(lambda w: {"token": _partner(w, "home")[1]}),
}
