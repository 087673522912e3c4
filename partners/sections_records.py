"""What the volunteer service records and the hours reports put in communities' named slots, and their audit
labels (registered in PartnersConfig.ready beside partners.sections):

- partner: on the profile, the person's service records and a link to issue one;
- home: this month's volunteering at a glance (counted hours, active volunteers, open slots this week);
- nav: the hours reports.
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
