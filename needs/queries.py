"""Reads several pages share: the staff list (with the overdue flag computed in the query), the board's needs
with their figures (me-too counts, pledged against delivered per kind, coverage, the latest public update) in a
constant number of queries, however many needs and me-toos there are."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.models import Household
from partners.queries import counted_entries

from .models import (
    OPEN_STATES,
    CoverageMark,
    Delivery,
    MeToo,
    Need,
    NeedUpdate,
    Pledge,
    Review,
    State,
    SupportKind,
)
from .services.retention import settings_for

ZERO = Decimal("0.00")


def metoo_count() -> Coalesce:
    rows = (
        MeToo.objects.filter(need=OuterRef("pk"))
        .order_by()
        .values("need")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows[:1], output_field=IntegerField()), Value(0))


def latest_public_update() -> Subquery:
    return Subquery(
        NeedUpdate.objects.filter(need=OuterRef("pk"), public=True)
        .order_by("-created_at", "-id")
        .values("text")[:1]
    )


def with_overdue(needs: QuerySet, community) -> QuerySet:
    """Annotate `overdue`: an open need that has been in its state longer than the community's setting."""
    days = settings_for(community).overdue_days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return needs.annotate(
        overdue=ExpressionWrapper(
            Q(state__in=OPEN_STATES, state_since__lt=cutoff, review=Review.PUBLISHED),
            output_field=BooleanField(),
        )
    )


def staff_needs(
    community, *, compound=None, state="", category="", quadrant="", review="", overdue=False, q=""
):
    """The staff list: filters, the overdue flag and the me-too count, newest first."""
    needs = Need.objects.filter(community=community)
    if compound is not None:
        needs = needs.filter(compound=compound)
    if state == "open":
        needs = needs.filter(state__in=OPEN_STATES)
    elif state:
        needs = needs.filter(state=state)
    else:
        needs = needs.exclude(state=State.MERGED)
    if category:
        needs = needs.filter(category=category)
    if quadrant == "none":
        needs = needs.filter(quadrant="")
    elif quadrant:
        needs = needs.filter(quadrant=quadrant)
    if review:
        needs = needs.filter(review=review)
    if q:
        needs = needs.filter(title__icontains=q)
    needs = with_overdue(needs, community)
    if overdue:
        needs = needs.filter(overdue=True)
    return (
        needs.select_related("compound", "building")
        .annotate(metoo_n=metoo_count())
        .order_by("-created_at", "-id")
    )


def public_needs(compound) -> QuerySet:
    """The needs of a compound residents may read (published, not merged)."""
    return Need.objects.filter(
        community_id=compound.community_id, compound=compound, review=Review.PUBLISHED
    ).exclude(state=State.MERGED)


def board_rows(needs: QuerySet) -> list[Need]:
    """Needs as the board shows them: me-too count, latest public update, pledged against delivered per kind and
    coverage, each set in one query for all the rows."""
    rows = list(needs.annotate(metoo_n=metoo_count(), latest=latest_public_update()))
    support = support_of(rows)
    coverage = coverage_of(rows)
    labels = dict(SupportKind.choices)
    for need in rows:
        need.support = support.get(need.pk, {})
        need.support_list = [
            {"kind": kind, "label": labels[kind], "hours": kind == SupportKind.LABOUR, **need.support[kind]}
            for kind in KINDS
            if kind in need.support
        ]
        need.reach = coverage.get(need.pk)
    return rows


def _value(kind: str, prefix: str = "") -> Sum:
    field = {"money": "amount", "labour": "hours"}.get(kind, "estimated_value")
    return Sum(f"{prefix}{field}", filter=Q(**{f"{prefix}kind": kind}))


def counted_deliveries() -> Q:
    """Deliveries that count: labour whose hours entry is confirmed and not reversed (partners'
    `counted_entries`); every other kind as it is."""
    return ~Q(kind=SupportKind.LABOUR) | Q(hours_entry__in=counted_entries().values("pk"))


def delivered_hours() -> Sum:
    """The hours delivered: only counted ones (recorded but unconfirmed or reversed hours are left out)."""
    return Sum("hours", filter=counted_deliveries())


def support_of(needs) -> dict[int, dict[str, dict[str, Decimal]]]:
    """{need id: {kind: {"pledged": x, "delivered": y}}} for the kinds pledged or delivered: money and labour
    (hours, delivered once confirmed and not reversed) as themselves, materials and spaces by their estimated
    value. Two queries for any number of needs."""
    ids = [n.pk for n in needs]
    result: dict[int, dict] = {}
    if not ids:
        return result
    for model, key in ((Pledge, "pledged"), (Delivery, "delivered")):
        hours = Sum("hours") if model is Pledge else delivered_hours()
        rows = (
            model.objects.filter(need_id__in=ids)
            .order_by()
            .values("need_id", "kind")
            .annotate(money=Sum("amount"), hours=hours, value=Sum("estimated_value"), n=Count("pk"))
        )
        for row in rows:
            amount = {"money": row["money"], "labour": row["hours"]}.get(row["kind"], row["value"]) or ZERO
            per_kind = result.setdefault(row["need_id"], {}).setdefault(
                row["kind"], {"pledged": ZERO, "delivered": ZERO}
            )
            per_kind[key] = amount
    return result


def support_figures(need: Need) -> dict[str, dict[str, Decimal]]:
    return support_of([need]).get(need.pk, {})


@dataclass
class Coverage:
    label: str
    reached: int
    total: int
    people: int
    unknown: int


def coverage_of(needs) -> dict[int, Coverage]:
    """{need id: Coverage} for the needs with any household reached: the households reached out of the
    compound's, the people in them (the sum of Household.residents) and how many of unknown size. Two queries."""
    needs = list(needs)
    ids = [n.pk for n in needs]
    if not ids:
        return {}
    rows = {
        row["need_id"]: row
        for row in CoverageMark.objects.filter(need_id__in=ids)
        .order_by()
        .values("need_id")
        .annotate(
            reached=Count("pk"),
            people=Coalesce(Sum("household__residents"), 0),
            unknown=Count("pk", filter=Q(household__residents__isnull=True)),
        )
    }
    if not rows:
        return {}
    compounds = {n.compound_id for n in needs if n.pk in rows}
    totals = dict(
        Household.objects.filter(compound_id__in=compounds)
        .order_by()
        .values("compound_id")
        .annotate(n=Count("pk"))
        .values_list("compound_id", "n")
    )
    return {
        n.pk: Coverage(
            label=n.coverage_label,
            reached=rows[n.pk]["reached"],
            total=totals.get(n.compound_id, 0),
            people=rows[n.pk]["people"],
            unknown=rows[n.pk]["unknown"],
        )
        for n in needs
        if n.pk in rows
    }


KINDS = [SupportKind.MONEY, SupportKind.MATERIALS, SupportKind.LABOUR, SupportKind.SPACE]


def delivered_by_pledge(pledges) -> dict[int, Decimal]:
    """{pledge id: what was delivered} (amount, hours, or estimated value by kind), one query. Labour shows once
    some of its hours are confirmed (recorded hours waiting for confirmation are not delivered yet)."""
    rows = (
        Delivery.objects.filter(pledge_id__in=[p.pk for p in pledges])
        .order_by()
        .values("pledge_id", "kind")
        .annotate(money=Sum("amount"), hours=delivered_hours(), value=Sum("estimated_value"), n=Count("pk"))
    )
    result = {}
    for row in rows:
        if row["kind"] == SupportKind.LABOUR:
            if row["hours"]:
                result[row["pledge_id"]] = row["hours"]
            continue
        value = row["money"] if row["kind"] == SupportKind.MONEY else row["value"]
        result[row["pledge_id"]] = value if value is not None else row["n"]
    return result


def hours_to_link(pledge: Pledge, *, days: int = 365) -> QuerySet:
    """The pledging person's hours of the last `days` that may back a labour delivery: not reversed, not backing
    a delivery yet, confirmed or waiting (`confirmed` annotated), the newest first."""
    from partners.models import HoursConfirmation, HoursEntry

    since = timezone.localdate() - datetime.timedelta(days=days)
    return (
        HoursEntry.objects.filter(
            community_id=pledge.community_id,
            partner__in=[pledge.partner_id, *pledge.partner.merged.values_list("pk", flat=True)],
            date__gte=since,
            reversal__isnull=True,
            need_delivery__isnull=True,
        )
        .annotate(confirmed=Exists(HoursConfirmation.objects.filter(entry=OuterRef("pk"))))
        .select_related("activity")
        .order_by("-date", "-id")
    )
