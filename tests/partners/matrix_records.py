"""Permission-matrix rows of the volunteer service records and the hours reports (partners)."""

import datetime

from communities.models import Role
from tests.matrix import public_page, staff_page


def _record(w, community_attr: str):
    """A person with confirmed hours and one issued record, per community."""
    cache = w.__dict__.setdefault("_records", {})
    if community_attr not in cache:
        from django.utils import timezone

        from partners import services
        from tests.partners.records import entry
        from tests.partners.volunteering import person

        home = community_attr == "home"
        partner = person(
            w,
            name="王丽" if home else "桂花志愿者",
            mobile="13800000078",
            compound=w.compound if home else w.other_compound,
            community=w.home if home else w.other,
            actor=w.staff if home else w.outsider,
        )
        day = timezone.localdate() - datetime.timedelta(days=2)
        entry(w, partner, day, "2.0", description="清扫")
        record = services.service_record_issue(
            partner=partner, period_from=day, period_to=day, actor=w.staff if home else w.outsider
        )
        cache[community_attr] = {"partner": partner, "record": record}
    return cache[community_attr]


def _kwargs(what, community_attr="home"):
    return lambda w: {"slug": w.home.slug, "pk": _record(w, community_attr)[what].pk}


def _both(what, role):
    return staff_page(role, _kwargs(what), cross=_kwargs(what, "other"))


ROWS = {
    "partners:records": _both("partner", Role.OBSERVER),
    "partners:record_issue": _both("partner", Role.STAFF),
    "partners:record": _both("record", Role.OBSERVER),
    "partners:hours_report": staff_page(Role.OBSERVER),
    "partners:hours_report_export": staff_page(Role.OBSERVER),
    "partners_public:record_check": public_page(
        lambda w: {"token": _record(w, "home")["record"].check_token}
    ),
}
