"""Permission-matrix rows of volunteering (partners): activities, slots, sign-ups, check-in, hours."""

import datetime

from communities.models import Role
from tests.matrix import public_page, staff_page


def _volunteering(w, community_attr: str):
    """An activity with a started slot (a sign-up, checked-in hours) and a coming one (a sign-up), per community."""
    cache = w.__dict__.setdefault("_volunteering", {})
    if community_attr not in cache:
        from django.utils import timezone

        from partners import services
        from partners.models import Activity, Partner, SignUp, Slot

        community = getattr(w, community_attr)
        actor = w.staff if community_attr == "home" else w.outsider
        compound = w.compound if community_attr == "home" else w.other_compound
        partner = services.partner_create(
            community=community,
            actor=actor,
            consents=services.Consents(data_use=True),
            form=Partner.Form.PERSON,
            name="王丽" if community_attr == "home" else "桂花志愿者",
            kind="volunteer",
            mobile="13800000077",
            compound=compound,
        )
        today = timezone.localdate()
        past = services.activity_create(
            community=community,
            kind=Activity.Kind.ONE_OFF,
            actor=actor,
            compound=compound,
            title="粉刷幸福小屋",
            capacity=3,
            date=today - datetime.timedelta(days=1),
            start_time=datetime.time(9, 0),
            end_time=datetime.time(12, 0),
        )
        past_slot = Slot.objects.get(activity=past)
        SignUp.objects.create(community=community, slot=past_slot, partner=partner, via="staff")
        [entry] = services.checkin_record(slot=past_slot, actor=actor, ticked=[(partner, None)])
        coming = services.activity_create(
            community=community,
            kind=Activity.Kind.ONE_OFF,
            actor=actor,
            compound=compound,
            title="大扫除",
            capacity=3,
            date=today + datetime.timedelta(days=2),
            start_time=datetime.time(9, 0),
            end_time=datetime.time(12, 0),
        )
        coming_slot = Slot.objects.get(activity=coming)
        signup = services.signup_create(slot=coming_slot, partner=partner, actor=actor)
        token = services.partner_link_issue(partner=partner, actor=actor)
        cache[community_attr] = {
            "activity": past,
            "slot": past_slot,
            "signup": signup,
            "entry": entry,
            "coming": coming_slot,
            "token": token,
        }
    return cache[community_attr]


def _kwargs(what, community_attr="home"):
    return lambda w: {"slug": w.home.slug, "pk": _volunteering(w, community_attr)[what].pk}


def _both(what, role):
    return staff_page(role, _kwargs(what), cross=_kwargs(what, "other"))


ROWS = {
    "partners:activities": staff_page(Role.OBSERVER),
    "partners:activity_create": staff_page(Role.STAFF),
    "partners:activity": _both("activity", Role.OBSERVER),
    "partners:activity_edit": _both("activity", Role.STAFF),
    "partners:slot": _both("slot", Role.OBSERVER),
    "partners:slot_signup": _both("coming", Role.STAFF),
    "partners:slot_checkin": _both("slot", Role.STAFF),
    "partners:slot_confirm": _both("slot", Role.STAFF),
    "partners:signup_cancel": _both("signup", Role.STAFF),
    "partners:hours_waiting": staff_page(Role.STAFF),
    "partners:hours_confirm": _both("entry", Role.STAFF),
    "partners:hours_reverse": _both("entry", Role.STAFF),
    "partners_public:link_signup": public_page(
        lambda w: {"token": _volunteering(w, "home")["token"], "pk": _volunteering(w, "home")["coming"].pk},
        status=405,
    ),
    "partners_public:link_cancel": public_page(
        lambda w: {"token": _volunteering(w, "home")["token"], "pk": _volunteering(w, "home")["signup"].pk},
        status=405,
    ),
}
