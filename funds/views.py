"""Staff pages of the funds app (/c/<slug>/funds/). Thin: forms in, services called, queries out."""

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from communities.access import community_view, household_for
from communities.errors import DomainError
from communities.models import Role
from communities.queries import household_search

from . import access, queries, services
from .exports import levy_workbook
from .forms import (
    ApprovalForm,
    CloseForm,
    ExpenseForm,
    FundForm,
    HouseholdFindForm,
    IncomeForm,
    LevyForm,
    PaymentForm,
    PeriodsForm,
    ReasonForm,
    SettingsForm,
    WaiverDecisionForm,
    WaiverForm,
    new_form_key,
)
from .models import Approval, Expense, Income, Levy, Payment, Waiver
from .money import format_yuan

PAGE_SIZE = 50


def _posted(request):
    """The submitted data of a POST (even an empty one, so it is validated), None otherwise."""
    return request.POST if request.method == "POST" else None


def _slug(request) -> str:
    return request.community.slug


# --- dashboard ---------------------------------------------------------------------------------------


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
        },
    )


# --- levies ------------------------------------------------------------------------------------------


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


@community_view(Role.TREASURER)
def levy_create(request):
    form = LevyForm(_posted(request), community=request.community)
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
    return render(request, "funds/levy_form.html", {"form": form})


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


# --- payments -------------------------------------------------------------------------------------------


@community_view(Role.STAFF)
def pay(request):
    """Find a household of a levy by building/unit/room and record its payment, one after another."""
    form = HouseholdFindForm(request.GET or None, community=request.community)
    charges = []
    levy = None
    if form.is_valid():
        levy = form.cleaned_data["levy"]
        query = form.cleaned_data["q"].strip()
        qs = queries.levy_charges(levy).filter(amount__gt=0)
        if query:
            qs = qs.filter(
                household__in=household_search(request.community, query).filter(compound=levy.compound)
            )
            charges = list(qs[:20])
        else:
            charges = list(qs.exclude(queries.settled_filter())[:20])
    template = "funds/_pay_results.html" if getattr(request, "htmx", False) else "funds/pay.html"
    return render(
        request,
        template,
        {"form": form, "levy": levy, "charges": charges, "key": new_form_key()},
    )


@community_view(Role.STAFF)
def charge_pay(request, pk):
    charge = access.charge_for(request, pk)
    outstanding = charge.amount - charge.paid - charge.waived
    form = PaymentForm(
        request.POST or None, initial={"amount": outstanding, "method": "wechat", "key": new_form_key()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.payment_record(
                charge=charge,
                amount=data["amount"],
                method=data["method"],
                note=data["note"],
                idempotency_key=data["key"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _("Payment recorded: receipt No. %(number)s.") % {"number": f"{payment.receipt_number:06d}"},
            )
            return redirect("funds:receipt", slug=_slug(request), pk=payment.pk)
    payments = (
        Payment.objects.filter(charge=charge)
        .select_related("reversal", "recorded_by")
        .order_by("recorded_at")
    )
    return render(
        request,
        "funds/charge_pay.html",
        {"charge": charge, "form": form, "outstanding": outstanding, "payments": payments},
    )


def verify_url(request, payment: Payment) -> str | None:
    """The public receipt check (a page of funds-public); None while that page does not exist."""
    try:
        return request.build_absolute_uri(
            reverse("funds_public:receipt_verify", kwargs={"token": payment.verify_token})
        )
    except NoReverseMatch:
        return None


@community_view()
def receipt(request, pk):
    payment = access.payment_for(request, pk)
    url = verify_url(request, payment)
    qr_svg = segno.make(url, error="m").svg_inline(scale=4) if url else ""
    reversal = payment.reversal if hasattr(payment, "reversal") else None
    return render(
        request,
        "funds/receipt.html",
        {"payment": payment, "verify_url": url, "qr_svg": qr_svg, "reversal": reversal},
    )


@community_view(Role.TREASURER)
def payment_reverse(request, pk):
    payment = access.payment_for(request, pk)
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_reverse(payment=payment, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Payment reversed."))
            return redirect("funds:receipt", slug=_slug(request), pk=payment.pk)
    return render(
        request,
        "_confirm.html",
        {
            "form": form,
            "title": _("Reverse receipt No. %(number)s") % {"number": f"{payment.receipt_number:06d}"},
            "body": _("%(amount)s from %(room)s. The receipt stays in the sequence, marked reversed.")
            % {"amount": format_yuan(payment.amount), "room": payment.household.label},
            "confirm": _("Reverse the payment"),
            "cancel_url": reverse("funds:receipt", args=[_slug(request), payment.pk]),
        },
    )


@community_view()
def payment_list(request):
    payments = (
        Payment.objects.filter(community=request.community)
        .select_related("household__building", "levy", "recorded_by", "reversal")
        .prefetch_related(Prefetch("confirmations"))
        .order_by("-receipt_number")
    )
    page = Paginator(payments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "funds/payment_list.html", {"page": page})


# --- waivers ---------------------------------------------------------------------------------------------


@community_view(Role.STAFF)
def waiver_request(request, pk):
    charge = access.charge_for(request, pk)
    form = WaiverForm(_posted(request), initial={"amount": charge.amount - charge.paid - charge.waived})
    if request.method == "POST" and form.is_valid():
        try:
            services.waiver_request(
                charge=charge,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Waiver asked for; a second person approves it."))
            return redirect("funds:waivers", slug=_slug(request))
    return render(request, "funds/waiver_form.html", {"charge": charge, "form": form})


@community_view(Role.TREASURER)
def waiver_list(request):
    waivers = (
        Waiver.objects.filter(community=request.community)
        .select_related("charge__household__building", "levy", "requested_by", "decision__decided_by")
        .order_by("-requested_at")
    )
    page = Paginator(waivers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "funds/waiver_list.html", {"page": page, "decision_form": WaiverDecisionForm()})


@community_view(Role.TREASURER)
def waiver_decide(request, pk):
    waiver = access.waiver_for(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = WaiverDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
    else:
        try:
            services.waiver_approve(
                waiver=waiver, approve=form.cleaned_data["decision"] == "approve", actor=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("funds:waivers", slug=_slug(request))


# --- funds, income, expenses, approvals --------------------------------------------------------------------


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


@community_view(Role.TREASURER)
def income_create(request):
    form = IncomeForm(
        request.POST or None, community=request.community, initial={"fund": request.GET.get("fund")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            income = services.income_record(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Income recorded."))
            return redirect("funds:fund", slug=_slug(request), pk=income.fund_id)
    return render(request, "funds/form.html", {"form": form, "title": _("Record income")})


@community_view(Role.TREASURER)
def income_reverse(request, pk):
    income = access.income_for(request, pk)
    return _reverse_entry(
        request,
        entry=income,
        service=lambda reason: services.income_reverse(income=income, reason=reason, actor=request.user),
        title=_("Reverse income of %(amount)s") % {"amount": format_yuan(income.amount)},
        back=reverse("funds:fund", args=[_slug(request), income.fund_id]),
    )


@community_view(Role.TREASURER)
def expense_create(request):
    form = ExpenseForm(
        request.POST or None,
        request.FILES if request.method == "POST" else None,
        community=request.community,
        initial={"fund": request.GET.get("fund"), "levy": request.GET.get("levy")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expense = services.expense_record(
                fund=data["fund"],
                levy=data["levy"],
                payee=data["payee"],
                purpose=data["purpose"],
                amount=data["amount"],
                spent_on=data["spent_on"],
                approval=data["approval"],
                receipt_photo=data["receipt_photo"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Expense recorded."))
            return redirect("funds:fund", slug=_slug(request), pk=expense.fund_id)
    return render(
        request, "funds/form.html", {"form": form, "title": _("Record an expense"), "multipart": True}
    )


@community_view(Role.TREASURER)
def expense_reverse(request, pk):
    expense = access.expense_for(request, pk)
    return _reverse_entry(
        request,
        entry=expense,
        service=lambda reason: services.expense_reverse(expense=expense, reason=reason, actor=request.user),
        title=_("Reverse the expense “%(purpose)s”") % {"purpose": expense.purpose},
        back=reverse("funds:fund", args=[_slug(request), expense.fund_id]),
    )


def _reverse_entry(request, *, entry, service, title, back):
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service(form.cleaned_data["reason"])
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Entry reversed."))
            return redirect(back)
    return render(
        request,
        "_confirm.html",
        {
            "form": form,
            "title": title,
            "body": _("A reversal entry naming this one is added; nothing is deleted."),
            "confirm": _("Reverse"),
            "cancel_url": back,
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


@community_view(Role.ADMIN)
def fund_settings(request):
    current = queries.fund_settings_for(request.community)
    form = SettingsForm(
        request.POST or None, initial={"expense_approval_threshold": current.expense_approval_threshold}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_settings_update(
                community=request.community, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("funds:dashboard", slug=_slug(request))
    return render(request, "funds/form.html", {"form": form, "title": _("Funds settings")})


@community_view()
def household_ledger(request, pk):
    """One household's charges and payments (staff view)."""
    household = household_for(request, pk)
    charges = queries.household_charges(household)
    payments = (
        Payment.objects.filter(household=household)
        .select_related("levy", "reversal")
        .order_by("-recorded_at")
    )
    return render(
        request, "funds/household.html", {"household": household, "charges": charges, "payments": payments}
    )
