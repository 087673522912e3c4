"""A household's own money behind the 户码: confirming a payment or saying it is wrong, from the household's
page (communities' `household` slot, filled by funds.sections). The household is the one the public gate
verified in this session (communities.public), never a posted id; without one, the visitor goes to the board."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities import public
from communities.errors import DomainError

from .. import services
from ..models import Payment
from ..public_forms import FlagForm


def _household_payment(request, token, pk):
    """(compound, household, payment) of the verified household, or (compound, None, None)."""
    compound = public.compound_for_token(token)
    household = public.gate_household(request, compound)
    if household is None:
        return compound, None, None
    payment = get_object_or_404(Payment.objects.select_related("levy"), household=household, pk=pk)
    return compound, household, payment


def _back(compound, payment=None):
    anchor = f"#payment-{payment.pk}" if payment is not None else ""
    return public.noindex(redirect(reverse("public_household", args=[compound.public_token]) + anchor))


@require_POST
def payment_confirm(request, token, pk):
    compound, household, payment = _household_payment(request, token, pk)
    if household is None:
        return _back(compound)
    try:
        services.payment_confirm(household=household, payment=payment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for confirming the payment."))
    return _back(compound, payment)


def payment_flag(request, token, pk):
    """Say what is wrong with a payment: a page of its own, so that the note and its error fit a phone."""
    compound, household, payment = _household_payment(request, token, pk)
    if household is None:
        return _back(compound)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_flag(household=household, payment=payment, note=form.cleaned_data["note"])
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Thank you. The treasurer will check this payment and contact you."))
            return _back(compound, payment)
    context = {"compound": compound, "household": household, "payment": payment, "form": form}
    return public.noindex(render(request, "funds/public/payment_flag.html", context))
