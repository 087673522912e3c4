"""Staff pages of a fund's other entries: recording income and expenses, and reversing them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Role
from communities.money import format_yuan

from .. import access, services
from ..forms import ExpenseForm, IncomeForm, ReasonForm
from ._common import _posted, _slug


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
