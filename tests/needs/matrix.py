"""Permission-matrix rows of the needs app."""

from communities.models import Role
from tests.matrix import public_page, staff_page


def _needs(w, attr: str):
    """A need, a resident's need with its follow token, an intake session and a pledge in a community."""
    cache = w.__dict__.setdefault("_needs", {})
    if attr not in cache:
        from needs import services
        from tests.needs.helpers import partner

        community = getattr(w, attr)
        compound = w.compound if attr == "home" else w.other_compound
        actor = w.staff if attr == "home" else w.outsider
        need = services.need_create(
            compound=compound, title="楼道灯", category="safety", channel="doorstep", actor=actor
        )
        sent, token = services.need_submit(compound=compound, title="路灯", category="safety", contact="139")
        import datetime

        session = services.intake_session_create(
            compound=compound,
            channel="bench",
            held_on=datetime.date(2026, 5, 1),
            actor=actor,
            needs=[{"title": "健身器材", "category": "facilities"}],
        )
        who = partner(w, "陈师傅", community=None if attr == "home" else community)
        pledge = services.pledge_create(need=need, partner=who, kind="materials", item="灯泡", actor=actor)
        cache[attr] = {"need": need, "sent": sent, "token": token, "session": session, "pledge": pledge}
    return cache[attr]


def need(w):
    return {"slug": w.home.slug, "pk": _needs(w, "home")["need"].pk}


def other_need(w):
    return {"slug": w.home.slug, "pk": _needs(w, "other")["need"].pk}


def session(w):
    return {"slug": w.home.slug, "pk": _needs(w, "home")["session"].pk}


def other_session(w):
    return {"slug": w.home.slug, "pk": _needs(w, "other")["session"].pk}


def pledge(w):
    found = _needs(w, "home")
    return {"slug": w.home.slug, "pk": found["need"].pk, "pledge_pk": found["pledge"].pk}


def other_pledge(w):
    found = _needs(w, "other")
    return {"slug": w.home.slug, "pk": found["need"].pk, "pledge_pk": found["pledge"].pk}


def public_need(w):
    return {"token": w.compound.public_token, "pk": _needs(w, "home")["need"].pk}


ROWS = {
    "needs:needs": staff_page(Role.OBSERVER),
    "needs:need_create": staff_page(Role.STAFF),
    "needs:review_queue": staff_page(Role.STAFF),
    "needs:sessions": staff_page(Role.OBSERVER),
    "needs:session_create": staff_page(Role.STAFF),
    "needs:session": staff_page(Role.OBSERVER, session, cross=other_session),
    "needs:need": staff_page(Role.OBSERVER, need, cross=other_need),
    "needs:need_review": staff_page(Role.STAFF, need, cross=other_need),
    "needs:need_triage": staff_page(Role.STAFF, need, cross=other_need),
    "needs:need_status": staff_page(Role.STAFF, need, cross=other_need),
    "needs:need_update": staff_page(Role.STAFF, need, cross=other_need),
    "needs:need_photos": staff_page(Role.STAFF, need, cross=other_need),
    "needs:need_merge": staff_page(Role.STAFF, need, cross=other_need),
    "needs:pledge_create": staff_page(Role.STAFF, need, cross=other_need),
    # A materials pledge: staff record its delivery (money ones need a treasurer, tests/needs/test_pages.py).
    "needs:delivery_create": staff_page(Role.STAFF, pledge, cross=other_pledge),
    "needs:coverage": staff_page(Role.STAFF, need, cross=other_need),
    "needs_public:list": public_page(lambda w: {"token": w.compound.public_token}),
    "needs_public:submit": public_page(lambda w: {"token": w.compound.public_token}),
    "needs_public:notice": public_page(lambda w: {"token": w.compound.public_token}),
    "needs_public:need": public_page(public_need),
    "needs_public:metoo": public_page(public_need, status=405),
    "needs_public:follow": public_page(lambda w: {"token": _needs(w, "home")["token"]}),
}
