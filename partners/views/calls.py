"""Staff pages of recruitment calls (/c/<slug>/partners/calls/): publish, print the poster, close, and review the
applications (accept into a team, decline with a reason, ask a question)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from communities import public
from communities.access import community_view
from communities.errors import DomainError
from communities.masking import mask_phone
from communities.models import Role

from .. import services
from ..access import application_for, call_for
from ..forms import CallForm, DecisionForm
from ..models import Application, RecruitmentCall


def _posted(request):
    return request.POST if request.method == "POST" else None


def _counts() -> dict:
    return {
        "n_waiting": Count("applications", filter=Q(applications__state__in=["pending", "question"])),
        "n_accepted": Count("applications", filter=Q(applications__state="accepted")),
        "n_all": Count("applications"),
    }


@community_view()
def call_list(request):
    calls = (
        RecruitmentCall.objects.filter(community=request.community)
        .select_related("compound")
        .annotate(**_counts())
    )
    return render(request, "partners/call_list.html", {"calls": calls})


@community_view(Role.STAFF)
def call_create(request):
    form = CallForm(_posted(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(community=request.community, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request, _("The call is published on the board. Print its poster for the notice board.")
            )
            return redirect("partners:call", slug=request.community.slug, pk=call.pk)
    return render(request, "partners/call_form.html", {"form": form})


def _public_link(request, call) -> str:
    return request.build_absolute_uri(reverse("partners_public:call", args=[call.public_token]))


@community_view()
def call_detail(request, pk):
    call = call_for(request, pk)
    applications = list(
        Application.objects.filter(call=call)
        .select_related("matched_partner", "partner")
        .order_by("-created_at")
    )
    if request.membership.role == Role.OBSERVER:
        for application in applications:
            application.mobile = mask_phone(application.mobile)
    return render(
        request,
        "partners/call_detail.html",
        {
            "call": call,
            "is_open": services.call_is_open(call),
            "applications": applications,
            "link": _public_link(request, call),
        },
    )


@community_view()
def call_poster(request, pk):
    """The printable A4 poster of a call, with a QR code of its public page."""
    call = call_for(request, pk)
    link = _public_link(request, call)
    return render(
        request, "partners/call_poster.html", {"call": call, "link": link, "qr": public.qr_svg(link, 8)}
    )


@community_view(Role.STAFF)
def call_close(request, pk):
    call = call_for(request, pk)
    if request.method == "POST":
        try:
            services.call_close(call=call, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The call is closed; it no longer takes applications."))
        return redirect("partners:call", slug=request.community.slug, pk=call.pk)
    return render(
        request,
        "_confirm.html",
        {
            "title": _("Close the call “%(title)s”?") % {"title": call.title},
            "body": _("It leaves the board and takes no more applications. Applications already sent stay."),
            "confirm": _("Close the call"),
            "cancel_url": reverse("partners:call", args=[request.community.slug, call.pk]),
        },
    )


@community_view(Role.STAFF)
def application_list(request):
    """The applications waiting for review, across calls, oldest first."""
    applications = (
        Application.objects.filter(community=request.community, state__in=["pending", "question"])
        .select_related("call", "matched_partner")
        .order_by("created_at")
    )
    return render(request, "partners/application_list.html", {"applications": applications})


@community_view(Role.STAFF)
def application_detail(request, pk):
    application = application_for(request, pk)
    form = DecisionForm(_posted(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        action, text = form.cleaned_data["action"], form.cleaned_data["text"]
        try:
            if action == "accept":
                partner = services.application_accept(
                    application=application, actor=request.user, team=form.cleaned_data["team"]
                )
                messages.success(request, _("%(name)s is a partner now.") % {"name": partner.name})
                return redirect("partners:partner", slug=request.community.slug, pk=partner.pk)
            if action == "decline":
                services.application_decline(application=application, reason=text, actor=request.user)
                messages.success(request, _("Declined. The applicant reads the reason on their link."))
            else:
                services.application_ask(application=application, question=text, actor=request.user)
                messages.success(request, _("Asked. The applicant answers on their link."))
        except DomainError as error:
            error.field = "text" if error.field in {"reason", "question"} else error.field
            error.add_to_form(form)
        else:
            return redirect("partners:application", slug=request.community.slug, pk=application.pk)
    return render(request, "partners/application_detail.html", {"application": application, "form": form})
