"""What partners puts on lower pages through communities' named slots (registered in PartnersConfig.ready):

- board: the open recruitment calls (of the compound, and the community-wide ones), and the building leaders
  and cadres with public-naming consent ("3栋 楼栋长 王*"), never a phone;
- compound: the assignments of the compound on the staff compound page;
- waiting: applications waiting for review; volunteer hours waiting for a second member of staff;
- settings: the partners settings (full names or masked, retention periods);
- nav: the registry; volunteering;
- ledger_checks: the queue of hours waiting for a confirmation equals the entries neither confirmed nor reversed;
- partner: the profile's hours by month and latest entries (confirmed, waiting, reversed);
- partner_link: on the personal link, the partner's upcoming slots (cancel), the open slots of their compound
  (sign up) and their confirmed hours. A fixed few queries however many slots there are.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communities import prepared, slots
from communities.forms import ModelForm
from communities.models import Community, Compound, Role

from . import charts
from .models import (
    Application,
    Assignment,
    Consent,
    HoursEntry,
    Partner,
    PartnersSettings,
    PartnerStatus,
    RecruitmentCall,
)
from .naming import public_name, settings_for, with_naming


def _open_calls(place):
    today = timezone.localdate()
    calls = RecruitmentCall.objects.filter(closed_at__isnull=True, until__gte=today)
    if isinstance(place, Community):
        return calls.filter(community=place, compound__isnull=True)
    return calls.filter(Q(compound=place) | Q(community_id=place.community_id, compound__isnull=True))


def _leaders(compound: Compound) -> list[dict]:
    """The compound's current assignments whose partner may be named publicly, as the board shows them."""
    full = settings_for(compound.community).public_names_full
    assignments = (
        Assignment.objects.filter(compound=compound, ends_on__isnull=True)
        .select_related("building")
        .order_by("role", "building__sort_key", "building__label")
    )
    partners = {p.pk: p for p in with_naming(Partner.objects.filter(pk__in=assignments.values("partner_id")))}
    rows = []
    for assignment in assignments:
        name = public_name(partners[assignment.partner_id], full_names=full)
        if name:
            rows.append(
                {"role": assignment.get_role_display(), "building": assignment.building, "name": name}
            )
    return rows


_VERSION_SQL = """
    SELECT c.partners_calls, c.partners_closed, a.partners_assignments, a.partners_ended,
           (SELECT MAX(id) FROM {consent} WHERE community_id = %s) AS partners_consents,
           (SELECT MAX(id) FROM {status} WHERE community_id = %s) AS partners_statuses,
           %s AS partners_today
    FROM (SELECT MAX(id) AS partners_calls, MAX(closed_at) AS partners_closed FROM {call} WHERE community_id = %s) c,
         (SELECT MAX(id) AS partners_assignments, MAX(ends_on) AS partners_ended FROM {assignment}
          WHERE community_id = %s) a
"""
_VERSION_STATEMENT = "partners_board_version"


def board_version_sql(place) -> tuple[str, list, list[str]]:
    """What the partners section of a board shows, as numbers that move with it: the community's calls (new,
    closed), assignments (new, ended), consents and joinings or leavings, and today's date (a call leaves the
    board after its last day). One row of plain SQL: the board takes it with the other sections' versions in
    one prepared statement (communities.slots.BoardSection.version_sql); built by the ORM on every visit it
    cost about 2.5 ms (bench/needs.py)."""
    community_id = place.pk if isinstance(place, Community) else place.community_id
    sql = _VERSION_SQL.format(
        consent=Consent._meta.db_table,
        status=PartnerStatus._meta.db_table,
        call=RecruitmentCall._meta.db_table,
        assignment=Assignment._meta.db_table,
    )
    params = [community_id, community_id, timezone.localdate(), community_id, community_id]
    return sql, params, ["bigint", "bigint", "date", "bigint", "bigint"]


def board_version(place) -> tuple:
    """The partners section's version on its own (one prepared statement): see `board_version_sql`."""
    sql, params, types = board_version_sql(place)
    return tuple(str(value) for value in prepared.fetchone(_VERSION_STATEMENT, sql, params, types) or ())


def _board_context(request, place) -> dict | None:
    calls = list(_open_calls(place).select_related("compound"))
    leaders = _leaders(place) if isinstance(place, Compound) else []
    if not calls and not leaders:
        return None
    return {"calls": calls, "leaders": leaders, "place": place}


def _board_notice(place) -> str | None:
    n = _open_calls(place).count()
    if not n:
        return None
    return ngettext(
        "%(n)s recruitment call open: scan to become a happiness partner",
        "%(n)s recruitment calls open: scan to become a happiness partner",
        n,
    ) % {"n": n}


def _compound_context(request, compound) -> dict | None:
    assignments = list(
        Assignment.objects.filter(compound=compound, ends_on__isnull=True)
        .select_related("partner", "building")
        .order_by("role", "building__sort_key", "building__label")
    )
    return {"assignments": assignments, "compound": compound, "slug": compound.community.slug}


def _home_context(request, community) -> dict | None:
    data = charts.growth(community)
    if not data.points:
        return None
    return {
        "growth": data,
        "chart": charts.svg(data, _("Growth of the partner teams")),
        "slug": community.slug,
    }


def _applications_waiting(community):
    return Application.objects.filter(community=community, state=Application.State.PENDING)


class PartnersSettingsForm(ModelForm):
    class Meta:
        model = PartnersSettings
        fields = ["public_names_full", "application_retention_days", "left_retention_days"]


def _settings_initial(community) -> dict:
    current = settings_for(community)
    return {field: getattr(current, field) for field in PartnersSettingsForm.Meta.fields}


def _settings_save(*, community, actor, data):
    from .services import partners_settings_update

    return partners_settings_update(community=community, actor=actor, **data)


def _hours_waiting(community):
    """Counted from the queue alone (one row per waiting entry): see `waiting_queue`."""
    from .queries import waiting_queue

    return waiting_queue(community)


def _partner_hours_context(request, partner) -> dict | None:
    """The profile's volunteering: counted hours by month and the latest entries with their state."""
    from .queries import counted_hours, hours_by_month

    if partner.is_organisation:
        return None
    entries = list(
        HoursEntry.objects.filter(community_id=partner.community_id, partner=partner)
        .select_related("slot__activity", "confirmation", "reversal")
        .order_by("-date", "-id")[:20]
    )
    return {
        "partner": partner,
        "months": hours_by_month(partner),
        "total": counted_hours(partner),
        "entries": entries,
        "slug": request.community.slug,
        "may_write": request.membership.has_role(Role.STAFF),
    }


def _link_volunteering_context(request, partner) -> dict | None:
    """The personal link's volunteering: upcoming sign-ups, open slots, confirmed hours (by month)."""
    from .queries import counted_hours, open_slots_for, upcoming_signups

    if partner.is_organisation:
        return None
    token = request.resolver_match.kwargs.get("token", "")
    return {
        "token": token,
        "upcoming": list(upcoming_signups(partner)),
        "open": [slot for slot in open_slots_for(partner) if not slot.mine],
        "total": counted_hours(partner),
    }


def register() -> None:
    slots.register(
        "board",
        slots.BoardSection(
            key="partners.calls",
            template="partners/sections/board.html",
            context=_board_context,
            version=board_version,
            version_sql=board_version_sql,
            notice=_board_notice,
            order=10,
        ),
    )
    slots.register(
        "compound",
        slots.Section("partners.assignments", "partners/sections/compound.html", _compound_context, order=10),
    )
    slots.register(
        "home", slots.Section("partners.growth", "partners/sections/home.html", _home_context, order=30)
    )
    from .verify import verify_hours_queue

    slots.register("ledger_checks", verify_hours_queue)
    slots.register("nav", slots.NavEntry("partners", _("Partners"), "partners:partners", order=15))
    slots.register("nav", slots.NavEntry("volunteering", _("Volunteering"), "partners:activities", order=16))
    slots.register(
        "waiting",
        slots.Waiting(
            "partners.hours",
            _("Volunteer hours to confirm: %(n)s"),
            _hours_waiting,
            "partners:hours_waiting",
            Role.STAFF,
            order=11,
        ),
    )
    slots.register(
        "partner",
        slots.Section(
            "partners.hours", "partners/sections/partner_hours.html", _partner_hours_context, order=20
        ),
    )
    slots.register(
        "partner_link",
        slots.Section(
            "partners.volunteering",
            "partners/sections/link_volunteering.html",
            _link_volunteering_context,
            order=10,
        ),
    )
    slots.register(
        "waiting",
        slots.Waiting(
            "partners.applications",
            _("Applications to review: %(n)s"),
            _applications_waiting,
            "partners:applications",
            Role.STAFF,
            order=10,
        ),
    )
    slots.register(
        "settings",
        slots.SettingsSection(
            key="partners",
            title=_("Partners"),
            form_class=PartnersSettingsForm,
            initial=_settings_initial,
            save=_settings_save,
            order=30,
        ),
    )
