"""What needs puts on lower pages through communities' named slots (registered in NeedsConfig.ready):

- board: a compound's needs (the 20 newest open ones, a link to the full list, done ones as a count), each with
  its state, quadrant and rationale, "me too" count and button, pledged against delivered, coverage and latest
  public update; a line on the printed notice;
- staff_household: the household's needs and "me too"s;
- partner, partner_link: what the partner pledged and delivered;
- waiting: needs residents sent, waiting for review;
- settings: the overdue flag's days;
- nav: the needs list.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communities import slots
from communities.forms import ModelForm
from communities.models import Compound, Role

from . import public_queries, queries
from .models import MeToo, Need, NeedsSettings, Pledge, Review


def _board_context(request, place) -> dict | None:
    if not isinstance(place, Compound):
        return None
    return {"compound": place, "token": place.public_token, **public_queries.board_section(place)}


def _board_version(place):
    if not isinstance(place, Compound):
        return ""
    return public_queries.board_version(place)


def _board_version_sql(place):
    if not isinstance(place, Compound):
        return None
    return public_queries.board_version_sql(place)


def _board_notice(place) -> str | None:
    if not isinstance(place, Compound):
        return None
    n = public_queries.public_needs(place).filter(state__in=queries.OPEN_STATES).count()
    if not n:
        return None
    return ngettext(
        "Needs list: %(n)s open need. Scan to read it, say “me too” or send your own.",
        "Needs list: %(n)s open needs. Scan to read them, say “me too” or send your own.",
        n,
    ) % {"n": n}


def _staff_household_context(request, household) -> dict | None:
    raised = list(
        Need.objects.filter(community=household.community_id, household=household).order_by("-created_at")
    )
    metoos = list(
        MeToo.objects.filter(community=household.community_id, household=household)
        .select_related("need")
        .order_by("-created_at")
    )
    if not raised and not metoos:
        return None
    return {"raised": raised, "metoos": metoos, "slug": request.community.slug}


def _partner_context(request, partner) -> dict | None:
    pledges = list(
        Pledge.objects.filter(community=partner.community_id, partner__in=[partner, *partner.merged.all()])
        .select_related("need")
        .order_by("-created_at")
    )
    if not pledges:
        return None
    delivered = queries.delivered_by_pledge(pledges)
    for pledge in pledges:
        pledge.delivered = delivered.get(pledge.pk)
    slug = getattr(getattr(request, "community", None), "slug", "")
    return {"pledges": pledges, "slug": slug, "staff": True}


def _partner_link_context(request, partner) -> dict | None:
    context = _partner_context(request, partner)
    if context is not None:
        context["staff"] = False
    return context


def _waiting(community):
    return Need.objects.filter(community=community, review=Review.PENDING)


class NeedsSettingsForm(ModelForm):
    class Meta:
        model = NeedsSettings
        fields = ["overdue_days"]


def _settings_initial(community) -> dict:
    from .services import settings_for

    return {"overdue_days": settings_for(community).overdue_days}


def _settings_save(*, community, actor, data):
    from .services import needs_settings_update

    return needs_settings_update(community=community, actor=actor, **data)


def register() -> None:
    slots.register(
        "board",
        slots.BoardSection(
            key="needs.list",
            template="needs/sections/board.html",
            context=_board_context,
            version=_board_version,
            version_sql=_board_version_sql,
            notice=_board_notice,
            order=5,
        ),
    )
    slots.register(
        "staff_household",
        slots.Section(
            "needs.household", "needs/sections/staff_household.html", _staff_household_context, order=20
        ),
    )
    slots.register(
        "partner", slots.Section("needs.pledges", "needs/sections/partner.html", _partner_context, order=20)
    )
    slots.register(
        "partner_link",
        slots.Section("needs.pledges", "needs/sections/partner.html", _partner_link_context, order=20),
    )
    slots.register("nav", slots.NavEntry("needs", _("Needs"), "needs:needs", order=12))
    slots.register(
        "waiting",
        slots.Waiting(
            "needs.review",
            _("Needs residents sent, to review: %(n)s"),
            _waiting,
            "needs:review_queue",
            Role.STAFF,
            order=5,
        ),
    )
    slots.register(
        "settings",
        slots.SettingsSection(
            key="needs",
            title=_("Needs list"),
            form_class=NeedsSettingsForm,
            initial=_settings_initial,
            save=_settings_save,
            order=40,
        ),
    )
