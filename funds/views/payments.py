"""Staff pages of what settles a charge: finding a household and recording its payment, receipts and their
reversal, the list of payments, and waivers (asked for, then decided by a second person)."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Role
from communities.money import format_yuan
from communities.queries import household_search

from .. import access, queries, services
from ..forms import HouseholdFindForm, PaymentForm, ReasonForm, WaiverDecisionForm, WaiverForm, new_form_key
from ..models import Payment, Waiver
from ._common import PAGE_SIZE, _posted, _slug


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
                paid_on=data["paid_on"],
                paper_receipt_no=data["paper_receipt_no"],
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
        .order_by("paid_on", "receipt_number")
    )
    waiting = Waiver.objects.filter(charge=charge, decision__isnull=True).order_by("requested_at")
    return render(
        request,
        "funds/charge_pay.html",
        {
            "charge": charge,
            "form": form,
            "outstanding": outstanding,
            "payments": payments,
            "waiting": waiting,
        },
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
    """Every receipt of the community, newest first; searched by room (1栋1单元101, 1-1-101, 1 1 101), head's
    name or, for staff, phone, as the household search does."""
    q = request.GET.get("q", "").strip()[:50]
    payments = (
        Payment.objects.filter(community=request.community)
        .select_related("household__building", "levy__compound", "recorded_by", "reversal")
        .prefetch_related(Prefetch("confirmations"))
        .order_by("-paid_on", "-receipt_number")
    )
    if q:
        households = household_search(request.community, q, by_phone=request.membership.sees_phones)
        payments = payments.filter(household__in=households.values("pk"))
    page = Paginator(payments, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "query": urlencode({"q": q}) if q else "",  # kept by the pagination's links
        "search_help": HouseholdFindForm.base_fields["q"].help_text,
    }
    return render(request, "funds/payment_list.html", context)


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
            # Back to the household's charge: staff may ask for a waiver, not open the treasurer's list.
            return redirect("funds:charge_pay", slug=_slug(request), pk=charge.pk)
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
