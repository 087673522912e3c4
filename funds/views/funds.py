"""Staff pages of the funds app's home (the dashboard), funds, approvals, the funds settings, and one household's
charges and payments."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from communities.access import community_view, household_for
from communities.errors import DomainError
from communities.models import Role

from .. import access, queries, services
from ..forms import ApprovalForm, FundForm
from ..models import Approval, Expense, Income, Levy, Payment, Waiver
from ._common import PAGE_SIZE, _posted, _slug


@community_view()
def dashboard(request):
    levies = list(queries.open_levies(request.community))
    figures = queries.levy_figures_cached(levies)
    outstanding_total, outstanding = queries.outstanding_households(
        request.community, limit=30, levies=levies
    )
    return render(
        request,
        "funds/dashboard.html",
        {
            "rows": [(levy, figures[levy.pk]) for levy in levies],
            "compounds": queries.compound_rollup(levies, figures),
            "outstanding_total": outstanding_total,
            "outstanding": outstanding,
            "flagged": list(queries.flagged_payments(request.community)[:30]),
            "questions": list(queries.questions_waiting(request.community)[:30]),
            "pending_waivers": Waiver.objects.filter(
                community=request.community, decision__isnull=True
            ).count(),
            "cash_waiting": _cash_waiting(request),
        },
    )


def _cash_waiting(request) -> list[dict]:
    """Cash not handed over, per collector: all of it for the treasurer, their own for staff, none for
    observers (as on the cash page)."""
    if request.membership.has_role(Role.TREASURER):
        rows = queries.cash_waiting(request.community)
    elif request.membership.has_role(Role.STAFF):
        rows = queries.cash_waiting(request.community, request.user)
    else:
        return []
    users = get_user_model().objects.in_bulk([row["recorded_by"] for row in rows])
    return [{**row, "collector": users[row["recorded_by"]]} for row in rows]


@community_view()
def fund_list(request):
    funds = list(queries.funds_of(request.community))
    figures = queries.fund_figures(funds)
    return render(request, "funds/fund_list.html", {"rows": [(f, figures[f.pk]) for f in funds]})


@community_view(Role.TREASURER)
def fund_create(request):
    form = FundForm(_posted(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        try:
            fund = services.fund_create(community=request.community, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Fund created."))
            return redirect("funds:fund", slug=_slug(request), pk=fund.pk)
    return render(request, "funds/form.html", {"form": form, "title": _("New fund")})


@community_view()
def fund_detail(request, pk):
    fund = access.fund_for(request, pk)
    figures = queries.fund_figures([fund])[fund.pk]
    incomes = (
        Income.objects.filter(fund=fund)
        .select_related("source_fund", "reversal", "approval")
        .order_by("-received_on", "-id")
    )
    transfers_out = (
        Income.objects.filter(source_fund=fund).select_related("fund", "reversal").order_by("-received_on")
    )
    expenses = (
        Expense.objects.filter(fund=fund)
        .select_related("approval", "reversal", "levy")
        .order_by("-spent_on", "-id")
    )
    levies = Levy.objects.filter(fund=fund).select_related("compound")
    return render(
        request,
        "funds/fund_detail.html",
        {
            "fund": fund,
            "figures": figures,
            "incomes": incomes[:200],
            "transfers_out": transfers_out[:200],
            "expenses": expenses[:200],
            "levies": levies,
        },
    )


@community_view()
def approval_list(request):
    approvals = Approval.objects.filter(community=request.community).select_related("compound")
    page = Paginator(approvals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "funds/approval_list.html", {"page": page})


@community_view(Role.TREASURER)
def approval_create(request):
    form = ApprovalForm(
        _posted(request), request.FILES if request.method == "POST" else None, community=request.community
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_record(community=request.community, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Approval recorded."))
            return redirect("funds:approvals", slug=_slug(request))
    return render(
        request, "funds/form.html", {"form": form, "title": _("Record an approval"), "multipart": True}
    )


@community_view()
def household_ledger(request, pk):
    """One household's charges and payments (staff view)."""
    household = household_for(request, pk)
    charges = queries.household_charges(household)
    payments = (
        Payment.objects.filter(household=household)
        .select_related("levy", "reversal")
        .order_by("-paid_on", "-receipt_number")
    )
    return render(
        request, "funds/household.html", {"household": household, "charges": charges, "payments": payments}
    )
