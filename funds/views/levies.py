"""Staff pages of levies: the list, a new levy, one levy with its charges by building, its periods, cancelling,
closing, the WeChat reminder and the spreadsheet export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Compound, Role
from communities.money import format_yuan

from .. import access, queries, services
from ..exports import levy_workbook
from ..forms import CloseForm, LevyCompoundForm, LevyForm, PeriodsForm, ReasonForm
from ..models import Expense, Levy
from ._common import PAGE_SIZE, _posted, _slug


@community_view()
def levy_list(request):
    levies = Levy.objects.filter(community=request.community).select_related("compound", "fund")
    page = Paginator(levies, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = queries.levy_figures_cached(page.object_list)
    return render(
        request,
        "funds/levy_list.html",
        {"page": page, "rows": [(levy, figures[levy.pk]) for levy in page.object_list]},
    )


def _chosen_compound(request):
    """The compound of a new levy: posted with the form, chosen in the first step (?compound=), or the
    community's only one; None until it is chosen."""
    compounds = Compound.objects.filter(community=request.community)
    chosen = request.POST.get("compound") or request.GET.get("compound") or ""
    if chosen.isdigit():
        return compounds.filter(pk=int(chosen)).first()
    only = list(compounds[:2])
    return only[0] if len(only) == 1 else None


@community_view(Role.TREASURER)
def levy_create(request):
    """A new levy in two steps: the compound (a GET form, refreshed in place by htmx where JavaScript runs),
    then the levy for it, listing that compound's buildings only."""
    compound = _chosen_compound(request)
    step = LevyCompoundForm(
        community=request.community,
        page=request.path,
        initial={"compound": compound.pk if compound else None},
    )
    if compound is None:
        return render(request, "funds/levy_form.html", {"step": step, "form": None})
    form = LevyForm(_posted(request), community=request.community, compound=compound)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.levy_create(
                compound=data["compound"],
                purpose=data["purpose"],
                description=data["description"],
                amount=data["amount"],
                basis=data["basis"],
                recurrence=data["recurrence"],
                starts_on=data["starts_on"],
                buildings=list(data["buildings"]),
                renovation=data["renovation"],
                occupancy=data["occupancy"],
                scope_description=data["scope_description"],
                due_date=data["due_date"],
                fund=data["fund"],
                approval=data["approval"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Levy created: %(scope)s.") % {"scope": created.text})
            return redirect("funds:levy", slug=_slug(request), pk=created.levy.pk)
    return render(request, "funds/levy_form.html", {"step": step, "form": form})


@community_view()
def levy_detail(request, pk):
    levy = access.levy_for(request, pk)
    figures = queries.levy_figures_cached([levy])[levy.pk]
    buildings = queries.levy_buildings(levy)
    building_id = request.GET.get("building", "")
    selected = None
    if building_id.isdigit():
        selected = next((b for b in buildings if b["building_id"] == int(building_id)), None)
        if selected is None:
            raise Http404
    charges = queries.levy_charges(levy, selected["building_id"] if selected else None)
    page = Paginator(charges, PAGE_SIZE).get_page(request.GET.get("page"))
    expenses = Expense.objects.filter(levy=levy).select_related("approval", "reversal").order_by("spent_on")
    return render(
        request,
        "funds/levy_detail.html",
        {
            "levy": levy,
            "figures": figures,
            "buildings": buildings,
            "selected": selected,
            "page": page,
            "query": f"building={selected['building_id']}" if selected else "",
            "expenses": expenses,
            "reconciliation": queries.reconciliation_text(levy.scope_total, levy.scope_charged),
            "periods_form": PeriodsForm() if levy.recurrence != Levy.Recurrence.ONCE else None,
        },
    )


@community_view(Role.TREASURER)
def levy_periods(request, pk):
    levy = access.levy_for(request, pk)  # another community's levy is a 404 before anything else
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = PeriodsForm(request.POST)
    if form.is_valid():
        try:
            made = services.property_fee_generate_periods(
                levy=levy, through=form.cleaned_data["through"], actor=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(n)s charges created.") % {"n": made})
    else:
        messages.error(request, _("Enter a date."))
    return redirect("funds:levy", slug=_slug(request), pk=levy.pk)


@community_view(Role.TREASURER)
def levy_cancel(request, pk):
    levy = access.levy_for(request, pk)
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            refunded = services.levy_cancel(levy=levy, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request, _("Levy cancelled; %(n)s payments refunded by reversal.") % {"n": refunded}
            )
            return redirect("funds:levy", slug=_slug(request), pk=levy.pk)
    return render(
        request,
        "_confirm.html",
        {
            "form": form,
            "title": _("Cancel the levy “%(levy)s”") % {"levy": levy.purpose},
            "body": _("Every payment is refunded by a reversal entry. This cannot be undone."),
            "confirm": _("Cancel the levy and refund"),
            "cancel_url": reverse("funds:levy", args=[_slug(request), levy.pk]),
        },
    )


@community_view(Role.TREASURER)
def levy_close(request, pk):
    levy = access.levy_for(request, pk)
    figures = queries.levy_figures_one(levy)
    form = CloseForm(_posted(request), community=request.community, levy=levy)
    if request.method == "POST" and form.is_valid():
        try:
            services.levy_close(
                levy=levy,
                fund=form.cleaned_data["fund"],
                approval=form.cleaned_data["approval"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Levy closed."))
            return redirect("funds:levy", slug=_slug(request), pk=levy.pk)
    return render(
        request,
        "_confirm.html",
        {
            "form": form,
            "title": _("Close the levy “%(levy)s”") % {"levy": levy.purpose},
            "body": _(
                "Balance: %(balance)s. A surplus goes to the fund you choose, a shortfall comes from it."
            )
            % {"balance": format_yuan(figures.balance)},
            "confirm": _("Close the levy"),
            "cancel_url": reverse("funds:levy", args=[_slug(request), levy.pk]),
        },
    )


@community_view()
def levy_reminder(request, pk):
    """A reminder for the WeChat group that names no household: only figures and how to pay."""
    levy = access.levy_for(request, pk)
    figures = queries.levy_figures_one(levy)
    text = _(
        "【%(compound)s】%(purpose)s: %(settled)s of %(charged)s households have paid (%(rate)s%%). "
        "%(outstanding)s households have not paid yet%(due)s. Please pay the building leader or the community "
        "office (cash, WeChat or Alipay); you get a numbered receipt. Thank you for your support!"
    ) % {
        "compound": levy.compound.name,
        "purpose": levy.purpose,
        "settled": figures.households_settled,
        "charged": figures.households_charged,
        "rate": figures.rate_households if figures.rate_households is not None else 0,
        "outstanding": figures.households_outstanding,
        "due": (_(" (due %(date)s)") % {"date": levy.due_date.isoformat()}) if levy.due_date else "",
    }
    return render(request, "funds/reminder.html", {"levy": levy, "text": text})


@community_view()
def levy_export(request, pk):
    """The levy's charges and payments as an Excel file."""
    levy = access.levy_for(request, pk)
    response = HttpResponse(
        levy_workbook(levy), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="levy-{levy.pk}.xlsx"'
    return response
