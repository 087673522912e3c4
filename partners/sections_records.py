"""What the volunteer service records and the hours reports put in communities' named slots, and their audit
labels (registered in PartnersConfig.ready beside partners.sections):

- partner: on the profile, the person's service records and a link to issue one;
- home: this month's volunteering at a glance (counted hours, active volunteers, open slots this week);
- nav: the hours reports.

The home's figures are one query (partners.queries.reports.home_figures) whatever the number of hours.
"""

from django.utils.translation import gettext_lazy as _

from communities import slots
from communities.models import Role


def _partner_records_context(request, partner) -> dict | None:
    from .models import ServiceRecord

    if partner.is_organisation:
        return None
    records = list(
        ServiceRecord.objects.filter(community_id=partner.community_id, partner=partner).order_by(
            "-issued_at", "-id"
        )[:5]
    )
    return {
        "partner": partner,
        "records": records,
        "slug": request.community.slug,
        "may_write": request.membership.has_role(Role.STAFF),
    }


def register() -> None:
    from communities.audit import register_actions, register_fields

    slots.register(
        "partner",
        slots.Section(
            "partners.records", "partners/records/section_partner.html", _partner_records_context, order=25
        ),
    )
    register_actions({"service_record.issue": _("issued a volunteer service record")})
    register_fields({"serial": _("serial number"), "period": _("period")})
    register_home()


def _home_context(request, community) -> dict | None:
    """This month's volunteering on the community home; nothing while the community has no activity."""
    from .queries.reports import home_figures

    figures = home_figures(community)
    return None if figures is None else {"figures": figures, "slug": community.slug}


def register_home() -> None:
    slots.register(
        "home",
        slots.Section("partners.volunteering", "partners/reports/section_home.html", _home_context, order=25),
    )
    slots.register(
        "nav",
        slots.NavEntry("hours_reports", _("Hours reports"), "partners:hours_report", order=17),
    )
