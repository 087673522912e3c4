"""What residents read of the needs list: the board's section and the full list of a compound, the printed
notice, a need's own page and a submitter's follow link. Nothing private is selected into a public page's
context: no contact, no raising household or partner, no staff-only update, no pledge note."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from communities import prepared
from communities.masking import mask_name

from .models import CLOSED_STATES, OPEN_STATES, Need, NeedPhoto, NeedUpdate, Review, State
from .queries import board_rows, public_needs
from .services._common import hash_token

BOARD_NEEDS = 20
PAGE_NEEDS = 20

# The fields a public page may read of a need (nothing private among them).
PUBLIC_FIELDS = (
    "id",
    "community_id",
    "compound_id",
    "building_id",
    "title",
    "description",
    "category",
    "channel",
    "quadrant",
    "rationale",
    "state",
    "state_since",
    "plan",
    "estimated_cost",
    "responsible_note",
    "result",
    "decline_reason",
    "merged_into_id",
    "coverage_label",
    "levy_id",
    "show_name_masked",
    "submitter_name",  # shown only masked, only by the community's and the submitter's choice (shown_name)
    "created_at",
    "updated_at",
)


def shown_name(need: Need, community) -> str:
    """The submitter's name as a public page shows it: masked, and only where the community shows masked names
    and the resident ticked "show my name, masked"; "" otherwise."""
    if community.public_names_masked and need.show_name_masked and need.submitter_name:
        return mask_name(need.submitter_name)
    return ""


def _public_rows(needs, community) -> list[Need]:
    rows = board_rows(
        needs.only(*PUBLIC_FIELDS).select_related("building").only(*PUBLIC_FIELDS, "building__label")
    )
    for need in rows:
        need.shown_name = shown_name(need, community)
        need.submitter_name = ""  # never rendered as it is
    return rows


_VERSION_STATEMENT = "needs_board_version"


_VERSION_SQL = (
    "SELECT MAX(updated_at) AS needs_updated, COUNT(*) AS needs_count FROM needs_need "
    "WHERE community_id = %s AND compound_id = %s"
)


def board_version_sql(compound) -> tuple[str, list, list[str]]:
    """The version of a compound's needs as plain SQL: one aggregate, the newest change of any of its needs
    (every service moves `updated_at`) and how many there are. The board takes it with the other sections'
    versions in one prepared statement (communities.slots.BoardSection.version_sql)."""
    return _VERSION_SQL, [compound.community_id, compound.pk], ["bigint", "bigint"]


def board_version(compound) -> tuple:
    """`board_version_sql` on its own. It runs on every visit of the needs pages, so on PostgreSQL it is a
    prepared statement (communities.prepared): the ORM's compiling and the planning cost more than running it
    (3.5 ms against about 0.5 ms prepared, bench/needs.py)."""
    row = prepared.fetchone(_VERSION_STATEMENT, *board_version_sql(compound))
    return (str(row[0]) if row else "None", row[1] if row else 0)


def board_section(compound) -> dict:
    """The board's section: the 20 newest open needs and the count of done ones."""
    needs = public_needs(compound)
    counts = needs.aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_STATES)), done=Count("pk", filter=Q(state=State.DONE))
    )
    newest = needs.filter(state__in=OPEN_STATES).order_by("-created_at", "-id")[:BOARD_NEEDS]
    return {
        "needs": _public_rows(newest, compound.community),
        "n_open": counts["open"],
        "n_done": counts["done"],
        "more": max(0, counts["open"] - BOARD_NEEDS),
    }


def list_page(compound, *, show: str, page):
    """The full list of a compound, 20 a page: open needs, or done ones, or declined ones."""
    from django.core.paginator import Paginator

    needs = public_needs(compound)
    if show == "done":
        needs = needs.filter(state=State.DONE)
    elif show == "declined":
        needs = needs.filter(state=State.DECLINED)
    else:
        needs = needs.filter(state__in=OPEN_STATES)
    paginator = Paginator(needs.order_by("-created_at", "-id").values_list("pk", flat=True), PAGE_NEEDS)
    current = paginator.get_page(page)
    rows = _public_rows(
        Need.objects.filter(pk__in=list(current.object_list)).order_by("-created_at", "-id"),
        compound.community,
    )
    return current, rows


def need_public(compound, pk) -> Need:
    """A published need of the compound (a merged one is given back as it is: the view redirects)."""
    return get_object_or_404(
        Need, community_id=compound.community_id, compound=compound, review=Review.PUBLISHED, pk=pk
    )


def need_page(need: Need, community) -> dict:
    row = _public_rows(Need.objects.filter(pk=need.pk), community)[0]
    return {
        "need": row,
        "updates": list(NeedUpdate.objects.filter(need=need, public=True).order_by("-created_at", "-id")),
        "photos": list(NeedPhoto.objects.filter(need=need).order_by("stage", "id")),
    }


def need_by_follow_link(token: str) -> Need | None:
    if not token:
        return None
    return (
        Need.objects.select_related("compound", "community", "merged_into")
        .filter(follow_hash=hash_token(token))
        .first()
    )


def notice_rows(compound, limit: int) -> tuple[list[Need], int]:
    """As many open needs as the printed page holds, newest first, and how many more there are."""
    needs = public_needs(compound).filter(state__in=OPEN_STATES)
    total = needs.count()
    rows = _public_rows(needs.order_by("-created_at", "-id")[:limit], compound.community)
    return rows, max(0, total - limit)


CLOSED = CLOSED_STATES
