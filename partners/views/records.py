"""Volunteer service records (志愿服务记录证明): staff issue one for a person and a period, list a person's
records and print one (one A4 page, a QR code of its check page); anyone holding the paper opens the check page
(/v/<token>/), which shows the frozen figures beside the serial with the name masked (张*), no phone, noindex,
rate-limited, and says when hours were corrected after issue.

The printed page is plain HTML and CSS (static/css/record.css), no script: it opens in WeChat's browser too.
"""

from decimal import Decimal

from allauth.core import ratelimit
from allauth.core.internal import ratelimit as ratelimit_impl
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from communities import public
from communities.access import community_view
from communities.errors import DomainError
from communities.masking import mask_name
from communities.models import Role

from .. import services
from ..access import partner_for, service_record_for
from ..forms import ServiceRecordForm
from ..models import ServiceRecord


def check_url(request, record: ServiceRecord) -> str:
    return request.build_absolute_uri(reverse("partners_public:record_check", args=[record.check_token]))


@community_view()
def record_list(request, pk):
    """A person's service records, newest first, with the form to issue another (staff)."""
    partner = partner_for(request, pk)
    records = ServiceRecord.objects.filter(community=request.community, partner=partner).select_related(
        "issued_by"
    )
    return render(
        request,
        "partners/records/list.html",
        {"partner": partner, "records": list(records), "form": ServiceRecordForm()},
    )


@community_view(Role.STAFF)
def record_issue(request, pk):
    partner = partner_for(request, pk)
    form = ServiceRecordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.service_record_issue(
                partner=partner,
                period_from=form.cleaned_data["period_from"],
                period_to=form.cleaned_data["period_to"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request, _("Service record No. %(serial)s issued.") % {"serial": f"{record.serial:06d}"}
            )
            return redirect("partners:record", slug=request.community.slug, pk=record.pk)
    return render(request, "partners/records/issue.html", {"partner": partner, "form": form})


def by_activity(snapshot: dict) -> list[dict]:
    """The snapshot's rows gathered per activity (or source): [{what, months: [rows], times, hours}], so that
    the paper lists a year of a daily rota in a few lines."""
    groups: dict[str, dict] = {}
    for row in snapshot.get("rows", []):
        group = groups.setdefault(row["what"], {"what": row["what"], "months": [], "times": 0, "hours": 0})
        group["months"].append(row)
        group["times"] += row["times"]
        group["hours"] += Decimal(row["hours"])
    return list(groups.values())


@community_view()
def record_print(request, pk):
    """The paper: full name, the figures by activity and month, the community, serial, date, a QR code."""
    record = service_record_for(request, pk)
    link = check_url(request, record)
    return render(
        request,
        "partners/records/print.html",
        {
            "record": record,
            "s": record.snapshot,
            "activities": by_activity(record.snapshot),
            "link": link,
            "qr": public.qr_svg(link, 4),
        },
    )


@require_GET
def record_check(request, token):
    """The public check of a record (the QR code on the paper): what was certified, the name masked, and
    whether hours were corrected after issue. Nothing else: no phone, no link to the person."""
    # allauth's public `consume` leaves GET alone; a check page is a GET, so ask its limiter to count it.
    if not ratelimit_impl.consume(request, app="allauth.account", action="record_check", limit_get=True):
        return public.noindex(ratelimit.respond_429(request))
    record = get_object_or_404(ServiceRecord.objects.select_related("partner"), check_token=token)
    snapshot = record.snapshot
    context = {
        "record": record,
        "s": snapshot,
        "masked": mask_name(snapshot["partner"]["name"]),
        "corrections": services.record_corrections(record),
    }
    response = render(request, "partners/records/check.html", context)
    response["Referrer-Policy"] = "same-origin"
    return public.noindex(response)
