"""What funds puts on lower apps' pages through communities' named slots (registered in FundsConfig.ready):

- board: the compound's published levies with their progress bars and its funds with their balances (on a
  community board: the community-wide funds); its version for the board's cache key; its notice line;
- household: a household's charges, payments and receipts behind the 户码, with confirm / "this is wrong";
- staff_household: the same household's charges for the walk-in desk, with "record a payment";
- compound: the compound's open levies with their collection rates;
- home: collection rates per compound;
- nav, waiting (questions, flagged payments, waivers to approve, cash not handed over), settings (the expense
  threshold),
  ledger_checks (`verify_ledgers`).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communities import prepared, slots
from communities.models import Community, Compound, Role
from communities.money import ZERO

from . import queries, services
from .forms import SettingsForm
from .models import Fund, Income, Levy, Payment, PaymentConfirmation, Snapshot, Waiver
from .public_forms import FindRoomForm
from .public_queries import board, ledgers_for
from .verify import verify

_VERSION_SQL = """
    SELECT l.funds_levies, l.funds_levy_versions, l.funds_levy_cancelled, l.funds_levy_closed,
           f.funds_funds, f.funds_fund_versions,
           (SELECT MAX(id) FROM {snapshot} WHERE community_id = %s AND (compound_id IS NULL OR compound_id = %s))
               AS funds_snapshots
    FROM (SELECT COUNT(*) AS funds_levies, COALESCE(SUM(ledger_version), 0) AS funds_levy_versions,
                 MAX(cancelled_at) AS funds_levy_cancelled, MAX(closed_at) AS funds_levy_closed
          FROM {levy} WHERE community_id = %s AND compound_id = %s) l,
         (SELECT COUNT(*) AS funds_funds, COALESCE(SUM(ledger_version), 0) AS funds_fund_versions
          FROM {fund} WHERE community_id = %s AND (compound_id IS NULL OR compound_id = %s)) f
"""
_VERSION_STATEMENT = "funds_board_version"


def board_version_sql(place) -> tuple[str, list, list[str]]:
    """What the funds section of a board shows, as numbers that move with it: levies and funds (how many, the
    sum of their ledger versions, cancellations and closings) and published snapshots, of the ledgers its
    residents read (funds.public_queries.Ledgers: the compound's levies, the compound's and the community-wide
    funds and snapshots; on a community's board no levy and the community-wide ones). One row of plain SQL:
    the board takes it with the other sections' versions in one prepared statement
    (communities.slots.BoardSection.version_sql); built by the ORM on every visit it cost about 3.5 ms
    (bench/needs.py)."""
    ledgers = ledgers_for(place)
    compound_id = (
        ledgers.compound.pk if ledgers.compound is not None else None
    )  # NULL: no levy, no compound's
    sql = _VERSION_SQL.format(
        snapshot=Snapshot._meta.db_table, levy=Levy._meta.db_table, fund=Fund._meta.db_table
    )
    community_id = ledgers.community_id
    params = [community_id, compound_id, community_id, compound_id, community_id, compound_id]
    return sql, params, ["bigint"] * 6


def board_version(place) -> tuple:
    """The funds section's version on its own (one prepared statement): see `board_version_sql`."""
    sql, params, types = board_version_sql(place)
    return tuple(str(value) for value in prepared.fetchone(_VERSION_STATEMENT, sql, params, types) or ())


def _board_context(request, place) -> dict | None:
    ledgers = board(place)
    if isinstance(place, Community):
        if not ledgers["funds"]:
            return None
        return {"community": place, "compound": None, "token": place.public_token, **ledgers}
    return {"community": place.community, "compound": place, "token": place.public_token, **ledgers}


def _board_notice(place) -> str | None:
    context = _board_context(None, place)
    if context is None:
        return None
    n = len(context["levies"]) + len(context["funds"])
    if not n:
        return None
    return ngettext(
        "%(n)s ledger published here: every fen collected and spent",
        "%(n)s ledgers published here: every fen collected and spent",
        n,
    ) % {"n": n}


def _home_context(request, community) -> dict | None:
    levies = list(queries.open_levies(community))
    if not levies:
        return None
    figures = queries.levy_figures_cached(levies)
    return {"compounds": queries.compound_rollup(levies, figures), "slug": community.slug}


def _compound_context(request, compound) -> dict | None:
    levies = [levy for levy in queries.open_levies(compound.community) if levy.compound_id == compound.pk]
    figures = queries.levy_figures_cached(levies)
    return {
        "rows": [(levy, figures[levy.pk]) for levy in levies],
        "compound": compound,
        "slug": compound.community.slug,
    }


def _staff_household_context(request, household) -> dict | None:
    return {
        "household": household,
        "charges": list(queries.household_charges(household)),
        "slug": household.community.slug,
    }


def _household_context(request, household) -> dict | None:
    payments = (
        Payment.objects.filter(household=household)
        .select_related("levy", "reversal")
        .prefetch_related(
            Prefetch("confirmations", queryset=PaymentConfirmation.objects.order_by("-created_at", "-id"))
        )
        .order_by("-paid_on", "-receipt_number")
    )
    return {
        "household": household,
        "token": household.compound.public_token,
        "charges": list(queries.household_charges(household)),
        "payments": list(payments),
    }


def _donations(partner):
    """A partner's donations, reversed ones excluded, newest first, with their total (one query)."""
    donations = list(
        Income.objects.filter(donor_partner__in=[partner, *partner.merged.all()], reversal__isnull=True)
        .select_related("fund")
        .order_by("-received_on", "-id")
    )
    return donations, sum((d.amount for d in donations), ZERO)


def _partner_context(request, partner) -> dict | None:
    donations, total = _donations(partner)
    if not donations:
        return None
    return {"donations": donations, "total": total, "partner": partner, "staff": True}


def _partner_link_context(request, partner) -> dict | None:
    donations, total = _donations(partner)
    if not donations:
        return None
    return {"donations": donations, "total": total, "partner": partner, "staff": False}


def _settings_initial(community) -> dict:
    return {"expense_approval_threshold": queries.fund_settings_for(community).expense_approval_threshold}


def _settings_save(*, community, actor, data):
    return services.fund_settings_update(community=community, actor=actor, **data)


def _waivers_waiting(community):
    return Waiver.objects.filter(community=community, decision__isnull=True)


def _find_context(request, place) -> dict | None:
    """ "Find my room" first on a compound's board that has a levy to find it in (one small query)."""
    if not isinstance(place, Compound) or not ledgers_for(place).levies().exists():
        return None
    return {"token": place.public_token, "find": FindRoomForm()}


def _find_version(place) -> str:
    return ""  # what it shows moves with the ledgers' section (funds.ledgers), whose version is in the key


def register() -> None:
    slots.register(
        "board",
        slots.BoardSection(
            key="funds.find",
            template="funds/sections/board_find.html",
            context=_find_context,
            version=_find_version,
            order=5,
        ),
    )
    slots.register(
        "board",
        slots.BoardSection(
            key="funds.ledgers",
            template="funds/sections/board.html",
            context=_board_context,
            version=board_version,
            version_sql=board_version_sql,
            notice=_board_notice,
            order=20,
        ),
    )
    slots.register("home", slots.Section("funds.rates", "funds/sections/home.html", _home_context, order=20))
    slots.register(
        "compound", slots.Section("funds.levies", "funds/sections/compound.html", _compound_context, order=20)
    )
    slots.register(
        "staff_household",
        slots.Section(
            "funds.charges", "funds/sections/staff_household.html", _staff_household_context, order=20
        ),
    )
    slots.register(
        "household",
        slots.Section("funds.household", "funds/sections/household.html", _household_context, order=20),
    )
    slots.register("nav", slots.NavEntry("funds", _("Funds"), "funds:dashboard", order=20))
    slots.register(
        "partner",
        slots.Section("funds.donations", "funds/sections/donations.html", _partner_context, order=20),
    )
    slots.register(
        "partner_link",
        slots.Section("funds.donations", "funds/sections/donations.html", _partner_link_context, order=20),
    )
    slots.register(
        "settings",
        slots.SettingsSection(
            key="funds",
            title=_("Funds"),
            form_class=SettingsForm,
            initial=_settings_initial,
            save=_settings_save,
            order=20,
        ),
    )
    slots.register("ledger_checks", verify)
    slots.register(
        "waiting",
        slots.Waiting(
            "funds.questions",
            _("Residents' questions to answer: %(n)s"),
            queries.questions_waiting,
            "funds:questions",
            Role.STAFF,
            order=20,
        ),
        slots.Waiting(
            "funds.waivers",
            _("Waivers waiting for a second person's approval: %(n)s"),
            _waivers_waiting,
            "funds:waivers",
            Role.TREASURER,
            order=22,
        ),
        slots.Waiting(
            "funds.flagged",
            _("Payments a household says are wrong: %(n)s"),
            queries.flagged_payments,
            "funds:dashboard",
            Role.TREASURER,
            order=21,
        ),
        slots.Waiting(
            "funds.cash",
            _("Cash not handed over: %(amount)s"),
            queries.cash_not_handed_over,
            "funds:cash",
            Role.TREASURER,
            order=23,
            amount="amount",
        ),
    )
