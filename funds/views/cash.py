"""Staff pages of cash collected door to door: what each staff member recorded, per day and method, with
totals (staff see their own, the treasurer all), and the treasurer's record of a handover of that cash."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Role
from communities.money import ZERO, format_yuan

from .. import access, queries, services
from ..forms import HandoverForm
from ..models import Handover, Method
from ._common import PAGE_SIZE, _posted, _slug


def _with_collectors(*row_lists) -> None:
    """Put the user of each row's `recorded_by` on the row as `collector` (one query for all the lists)."""
    ids = {row["recorded_by"] for rows in row_lists for row in rows}
    users = get_user_model().objects.in_bulk(ids)
    for rows in row_lists:
        for row in rows:
            row["collector"] = users.get(row["recorded_by"])


@community_view(Role.STAFF)
def cash(request):
    everyone = request.membership.has_role(Role.TREASURER)
    collector = None if everyone else request.user
    page = Paginator(queries.collected(request.community, collector), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    waiting = queries.cash_waiting(request.community, collector)
    _with_collectors(rows, waiting)
    for row in rows:
        row["method_label"] = Method(row["method"]).label
    totals = queries.collected_totals(request.community, collector)
    handovers = Handover.objects.filter(community=request.community).select_related(
        "collector", "received_by"
    )
    if collector is not None:
        handovers = handovers.filter(collector=collector)
    return render(
        request,
        "funds/cash.html",
        {
            "page": page,
            "rows": rows,
            "method_totals": [(value, label, totals.get(value, ZERO)) for value, label in Method.choices],
            "total": totals["all"],
            "waiting": waiting,
            "handovers": handovers[:PAGE_SIZE],
            "everyone": everyone,
        },
    )


@community_view(Role.TREASURER)
def handover_create(request, pk):
    collector = access.collector_for(request, pk)
    payments = list(
        queries.cash_not_handed_over(request.community, collector)
        .select_related("household__building", "levy")
        .order_by("paid_on", "receipt_number")[:500]
    )
    total = sum((p.amount for p in payments), ZERO)
    form = HandoverForm(
        _posted(request), payments=payments, initial={"payments": [p.pk for p in payments], "amount": total}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover = services.handover_record(
                community=request.community,
                collector=collector,
                payments=data["payments"],
                amount=data["amount"],
                handed_on=data["handed_on"],
                note=data["note"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _("Handover recorded: %(amount)s from %(name)s.")
                % {
                    "amount": format_yuan(handover.amount),
                    "name": collector.get_full_name() or collector.username,
                },
            )
            return redirect("funds:cash", slug=_slug(request))
    return render(
        request,
        "funds/handover_form.html",
        {"collector": collector, "form": form, "payments": payments, "total": total},
    )
