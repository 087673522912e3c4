"""Staff pages of collection mode (issue 17): collecting a levy at the doors with a phone in one hand.

The levy's buildings, then a building's units, are tap targets; a unit shows its rooms as a grid, each paid,
part-paid, waived or unpaid in words. A room opens its household's charge: the room, the head of household
(masked for observers), the amount due prefilled and the method last chosen (kept in the session). "Record"
calls `payment_record` with the form's idempotency key, so a double tap records once, and shows the receipt as
a sheet over the screen, with "next room" (the next unpaid room's charge) and "grid". In the steady state a
household costs one screen and two taps.

With htmx, "record" swaps the sheet into the screen and "next room" swaps the next screen in; without
JavaScript the same links and forms work as pages (the POST redirects to the sheet's own page).
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Role
from communities.queries import household_search

from .. import access, collection, services
from ..forms import CollectForm, HouseholdFindForm, new_form_key
from ..models import Method, Payment
from ._common import _slug

METHOD_KEY = "funds_collect_method"
FOUND_MAX = 20


def _last_method(request) -> str:
    method = request.session.get(METHOD_KEY, Method.CASH)
    return method if method in Method.values else Method.CASH


def _may_record(request) -> bool:
    return request.membership.has_role(Role.STAFF)


def grid_url(request, levy, household) -> str:
    base = reverse("funds:collect", args=[_slug(request), levy.pk])
    return f"{base}?{urlencode({'building': household.building_id, 'unit': household.unit})}"


def _chosen(request, places):
    """The building and unit of the grid: as tapped (?building=, ?unit=), or the only one there is; a building
    or unit the levy does not charge is a 404."""
    place = unit = None
    building = request.GET.get("building", "")
    if building:
        if not building.isdigit():
            raise Http404
        place = next((p for p in places if p.building_id == int(building)), None)
        if place is None:
            raise Http404
    elif len(places) == 1:
        place = places[0]
    if place is not None:
        if "unit" in request.GET:
            unit = place.unit_of(request.GET["unit"])
            if unit is None:
                raise Http404
        elif len(place.units) == 1:
            unit = place.units[0]
    return place, unit


def _day(request):
    return collection.collector_day(request.community, request.user) if _may_record(request) else None


@community_view()
def collect(request, pk):
    """The levy's buildings, a building's units, a unit's rooms; and the typed search, which opens the room
    when one household matches."""
    levy = access.levy_for(request, pk)
    query = request.GET.get("q", "").strip()[:50]
    found = []
    if query:
        households = household_search(
            request.community, query, by_phone=request.membership.sees_phones
        ).filter(compound=levy.compound)
        found = collection.found_rooms(levy, households, FOUND_MAX + 1)
        if len(found) == 1:
            return redirect("funds:collect_charge", slug=_slug(request), pk=found[0].charge_id)
    places = collection.levy_places(levy)
    place, unit = _chosen(request, places)
    rooms = collection.unit_rooms(levy, place.building_id, unit.unit) if unit else []
    return render(
        request,
        "funds/collect/grid.html",
        {
            "levy": levy,
            "places": places,
            "place": place,
            "unit": unit,
            "rooms": rooms,
            "query": query,
            "found": found[:FOUND_MAX],
            "search_help": HouseholdFindForm.base_fields["q"].help_text,
            "day": _day(request),
        },
    )


def _screen(request, charge, *, form=None, payment=None):
    """What the charge screen shows: the charge, its payments, where "next room" and "grid" lead, the
    collector's day and, after a payment, the receipt sheet."""
    levy, household = charge.levy, charge.household
    next_charge = collection.next_unpaid(levy, household)
    return {
        "charge": charge,
        "levy": levy,
        "household": household,
        "outstanding": charge.amount - charge.paid - charge.waived,
        "form": form,
        "payments": Payment.objects.filter(charge=charge)
        .select_related("reversal")
        .order_by("paid_on", "receipt_number"),
        "next_charge": next_charge,
        "grid_url": grid_url(request, levy, household),
        "day": _day(request),
        "payment": payment,
        "may_record": _may_record(request),
    }


@community_view()
def collect_charge(request, pk):
    """A room's charge: read by every member, recorded by staff and above (an observer's POST is a 403)."""
    charge = access.charge_for(request, pk)
    if request.method == "POST" and not _may_record(request):
        raise PermissionDenied
    outstanding = charge.amount - charge.paid - charge.waived
    form = None
    if _may_record(request) and (request.method == "POST" or (charge.levy.is_open and outstanding > 0)):
        form = CollectForm(
            request.POST if request.method == "POST" else None,
            initial={"amount": outstanding, "method": _last_method(request), "key": new_form_key()},
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.session.get(METHOD_KEY) != data["method"]:
            request.session[METHOD_KEY] = data["method"]
        try:
            payment = services.payment_record(
                charge=charge,
                amount=data["amount"],
                method=data["method"],
                idempotency_key=data["key"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            if request.htmx:
                return render(request, "funds/collect/_sheet_swap.html", _receipt_screen(request, payment.pk))
            return redirect("funds:collect_receipt", slug=_slug(request), pk=payment.pk)
    response = render(request, "funds/collect/charge.html", _screen(request, charge, form=form))
    if request.htmx and request.method == "POST":
        # A refused payment: the form with its errors takes the whole screen, not the sheet's place.
        response["HX-Retarget"] = "#collect"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Reselect"] = "#collect"
    return response


def _receipt_screen(request, pk):
    payment = access.payment_for(request, pk)
    charge = payment.charge
    charge.levy, charge.household = payment.levy, payment.household
    return _screen(request, charge, payment=payment)


@community_view()
def collect_receipt(request, pk):
    """The receipt sheet over its room's screen: where the POST of a payment leads without JavaScript."""
    return render(request, "funds/collect/charge.html", _receipt_screen(request, pk))
