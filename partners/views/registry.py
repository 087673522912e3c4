"""Staff pages of the partner registry (/c/<slug>/partners/): the list with its filters, a partner's profile,
adding and changing a partner, joining and leaving, consents, the personal link and merging. Observers read,
with phones masked; staff write."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from communities import public
from communities.access import community_view
from communities.errors import DomainError
from communities.masking import mask_phone
from communities.models import Household, Role

from .. import queries, services
from ..access import partner_for
from ..forms import ConsentForm, MergeForm, NewPartnerForm, PartnerFilterForm, PartnerForm, StatusForm
from ..models import Assignment, Consent, PartnerStatus, TeamMembership

PAGE_SIZE = 50


def _posted(request):
    return request.POST if request.method == "POST" else None


@community_view()
def partner_list(request):
    form = PartnerFilterForm(request.GET or None, community=request.community)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.registry(request.community, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "partners/partner_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@community_view()
def partner_detail(request, pk):
    partner = partner_for(request, pk)
    context = {
        "partner": partner,
        "statuses": list(PartnerStatus.objects.filter(partner=partner).select_related("recorded_by")),
        "consents": list(Consent.objects.filter(partner=partner).select_related("recorded_by")),
        "memberships": list(
            TeamMembership.objects.filter(partner=partner).select_related("team").order_by("-joined_on")
        ),
        "assignments": list(
            Assignment.objects.filter(partner=partner)
            .select_related("compound", "building")
            .order_by("-starts_on")
        ),
        "merged": list(partner.merged.all()),
    }
    context["active"] = (
        bool(context["statuses"]) and context["statuses"][-1].change == PartnerStatus.Change.JOINED
    )
    # Observers (the street office) read everything but credentials: phones masked.
    context["mobile"] = (
        mask_phone(partner.mobile) if request.membership.role == Role.OBSERVER else partner.mobile
    )
    return render(request, "partners/partner_detail.html", context)


def _household_of(request, form) -> Household | None:
    """The household a partner names by its room (3栋2单元501), within the community."""
    from communities.queries import household_search

    label = (request.POST.get("household_label") or "").strip()
    if not label:
        return None
    matches = list(household_search(request.community, label)[:2])
    if len(matches) != 1:
        form.add_error(
            None, _("No single household matches “%(label)s”. Write it as 3栋2单元501.") % {"label": label}
        )
        return False
    return matches[0]


@community_view(Role.STAFF)
def partner_create(request):
    form = NewPartnerForm(_posted(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        household = _household_of(request, form)
        if household is not False:
            data = form.service_fields()
            consents = services.Consents(
                data_use=data.pop("consent_data_use"),
                public_naming=data.pop("consent_public_naming"),
                full_name=data.pop("consent_full_name"),
                how=Consent.How.PAPER,
            )
            joined_on = data.pop("joined_on")
            data["household"] = household
            try:
                partner = services.partner_create(
                    community=request.community,
                    actor=request.user,
                    consents=consents,
                    joined_on=joined_on,
                    **data,
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Partner %(name)s added.") % {"name": partner.name})
                return redirect("partners:partner", slug=request.community.slug, pk=partner.pk)
    return render(
        request,
        "partners/partner_form.html",
        {
            "form": form,
            "title": _("Add a partner"),
            "household_label": request.POST.get("household_label", ""),
        },
    )


@community_view(Role.STAFF)
def partner_edit(request, pk):
    partner = partner_for(request, pk)
    form = PartnerForm(
        _posted(request), initial=PartnerForm.initial_for(partner), community=request.community
    )
    label = request.POST.get("household_label") if request.method == "POST" else None
    if label is None and partner.household_id:
        label = partner.household.label
    if request.method == "POST" and form.is_valid():
        household = _household_of(request, form)
        if household is not False:
            data = form.service_fields()
            data["household"] = household
            try:
                services.partner_update(partner=partner, actor=request.user, **data)
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("partners:partner", slug=request.community.slug, pk=partner.pk)
    return render(
        request,
        "partners/partner_form.html",
        {
            "form": form,
            "partner": partner,
            "title": _("Change %(name)s") % {"name": partner.name},
            "household_label": label or "",
        },
    )


@community_view(Role.STAFF)
def partner_status(request, pk):
    """Record that a partner left, or came back (a dated row)."""
    partner = partner_for(request, pk)
    leaving = services.current_change(partner) != PartnerStatus.Change.LEFT
    form = StatusForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_status_record(
                partner=partner,
                change=PartnerStatus.Change.LEFT if leaving else PartnerStatus.Change.JOINED,
                actor=request.user,
                **form.cleaned_data,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Recorded."))
            return redirect("partners:partner", slug=request.community.slug, pk=partner.pk)
    title = (_("%(name)s leaves") if leaving else _("%(name)s comes back")) % {"name": partner.name}
    body = _("Their name leaves every public page at once; their history stays.") if leaving else ""
    return render(
        request,
        "_confirm.html",
        {
            "form": form,
            "title": title,
            "body": body,
            "confirm": _("Record"),
            "cancel_url": reverse("partners:partner", args=[request.community.slug, partner.pk]),
        },
    )


@community_view(Role.STAFF)
def partner_consent(request, pk):
    """Record a consent given or withdrawn (usually on paper)."""
    partner = partner_for(request, pk)
    form = ConsentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(partner=partner, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Consent recorded. Public pages follow it at once."))
            return redirect("partners:partner", slug=request.community.slug, pk=partner.pk)
    return render(
        request,
        "partners/form.html",
        {"form": form, "title": _("Consent of %(name)s") % {"name": partner.name}, "partner": partner},
    )


@community_view(Role.STAFF)
def partner_link(request, pk):
    """Make the partner's personal link, to print as a QR code or send in WeChat. Only its hash is kept, so a
    second print makes a new link and ends the old one (the page says so first)."""
    partner = partner_for(request, pk)
    if request.method == "POST":
        try:
            token = services.partner_link_issue(partner=partner, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("partners:partner", slug=request.community.slug, pk=partner.pk)
        link = request.build_absolute_uri(reverse("partners_public:link", args=[token]))
        return render(
            request,
            "partners/link_once.html",
            {"partner": partner, "link": link, "qr": public.qr_svg(link, scale=6)},
        )
    body = (
        _("The link printed or sent before stops working. Give the new one to %(name)s.")
        if partner.link_hash
        else _("The link is shown once: print it or copy it into WeChat for %(name)s.")
    ) % {"name": partner.name}
    return render(
        request,
        "_confirm.html",
        {
            "title": _("Personal link of %(name)s") % {"name": partner.name},
            "body": body,
            "confirm": _("Make a new link") if partner.link_hash else _("Make the link"),
            "cancel_url": reverse("partners:partner", args=[request.community.slug, partner.pk]),
        },
    )


@community_view(Role.STAFF)
def partner_merge(request, pk):
    partner = partner_for(request, pk)
    form = MergeForm(_posted(request), partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_merge(keep=partner, duplicate=form.cleaned_data["duplicate"], actor=request.user)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Merged. Lists and reports now show one record."))
            return redirect("partners:partner", slug=request.community.slug, pk=partner.pk)
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "title": _("Merge another record of %(name)s into this one") % {"name": partner.name},
            "partner": partner,
            "empty": not form.fields["duplicate"].queryset.exists(),
        },
    )
