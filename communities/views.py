from allauth.core import ratelimit
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, naming, public, queries, services, slots
from .audit import labelled
from .context_processors import TEXT_SIZE_COOKIE
from .errors import DomainError
from .forms import (
    AcceptInvitationForm,
    AuditFilterForm,
    ChangeHeadForm,
    ChangeOccupancyForm,
    CommunitySettingsForm,
    CompoundForm,
    HouseholdForm,
    InvitationForm,
    RoleForm,
)
from .models import AuditEntry, Household, Invitation, Membership, Role

PAGE_SIZE = 50


# --- entry points -----------------------------------------------------------------


def home(request):
    if not request.user.is_authenticated:
        return render(request, "communities/landing.html")
    memberships = list(Membership.objects.filter(user=request.user).select_related("community"))
    if len(memberships) == 1:
        return redirect("communities:home", slug=memberships[0].community.slug)
    return render(request, "communities/choose.html", {"memberships": memberships})


def favicon(request):
    """/favicon.ico, which browsers ask for on a first visit: the app's icon among its static files."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


@require_POST
def text_size(request):
    """The large-text option for older users: a cookie, so it works without an account."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("size") == "large":
        response.set_cookie(TEXT_SIZE_COOKIE, "large", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE)
    return response


# --- community home, compounds ----------------------------------------------------


@access.community_view()
def community_home(request):
    compounds = list(queries.compounds_with_counts(request.community))
    totals = {
        key: sum(getattr(c, key) for c in compounds)
        for key in ("building_count", "household_count", "renovated_count", "occupied_count")
    }
    return render(request, "communities/home.html", {"compounds": compounds, "totals": totals})


@access.community_view()
def compound_detail(request, pk):
    compound = access.compound_for(request, pk)
    buildings = list(queries.buildings_with_counts(compound))
    households = queries.compound_households(compound)
    building_id = request.GET.get("building", "")
    selected = None
    if building_id.isdigit():
        selected = next((b for b in buildings if b.pk == int(building_id)), None)
        if selected is None:
            return render(request, "404.html", status=404)
        households = households.filter(building=selected)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/compound_detail.html",
        {
            "compound": compound,
            "buildings": buildings,
            "page": page,
            "selected": selected,
            "query": f"building={selected.pk}" if selected else "",
            # No household yet: the page leads to the roster import first, adding one by one second.
            "is_empty": not any(b.household_count for b in buildings),
        },
    )


@access.community_view(Role.ADMIN)
def compound_create(request):
    form = CompoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            compound = services.compound_create(
                community=request.community, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Compound %(name)s added.") % {"name": compound.name})
            return redirect("communities:compound", slug=request.community.slug, pk=compound.pk)
    return render(request, "communities/compound_form.html", {"form": form})


@access.community_view(Role.ADMIN)
def compound_edit(request, pk):
    compound = access.compound_for(request, pk)
    initial = {f: getattr(compound, f) for f in CompoundForm.base_fields}
    form = CompoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.compound_update(compound=compound, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("communities:compound", slug=request.community.slug, pk=compound.pk)
    return render(request, "communities/compound_form.html", {"form": form, "compound": compound})


@access.community_view(Role.ADMIN)
def compound_slips(request, pk):
    """Printable access-code slips, one per household, to cut and hand out (community admins only, audited)."""
    compound = access.compound_for(request, pk)
    households = list(queries.compound_households(compound))
    services.access_code_slips_print(
        community=request.community, target=compound, count=len(households), actor=request.user
    )
    return render(request, "communities/slips.html", _slips_context(request, compound, households))


def _slips_context(request, compound, households) -> dict:
    """What each slip prints besides its code: the board's short address and a QR code that opens the board's
    code form. Neither carries the code: a code in a URL ends up in logs, histories and forwarded links."""
    board = reverse("public_board", args=[compound.public_token])
    return {
        "compound": compound,
        "households": households,
        "board_address": f"{request.get_host()}{board}",
        "board_qr": public.qr_svg(request.build_absolute_uri(board) + "#household"),
    }


# --- households -------------------------------------------------------------------


@access.community_view()
def household_search(request):
    query = request.GET.get("q", "").strip()
    # An observer's search does not match phone numbers: the answer would tell them the number.
    results = (
        queries.household_search(request.community, query, by_phone=request.membership.sees_phones)
        if query
        else Household.objects.none()
    )
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "communities/_household_rows.html" if request.htmx else "communities/household_search.html"
    return render(request, template, {"query": query, "page": page})


@access.community_view()
def household_detail(request, pk):
    household = access.household_for(request, pk)
    history = AuditEntry.objects.filter(
        community=request.community, target_type="household", target_id=str(household.pk)
    ).order_by("-created_at")[:50]
    context = {"household": household, "history": labelled(list(history))}
    return render(request, "communities/household_detail.html", context)


@access.community_view(Role.ADMIN)
def household_create(request, pk):
    compound = access.compound_for(request, pk)
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(compound=compound, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Household %(label)s added.") % {"label": household.label})
            return redirect("communities:household", slug=request.community.slug, pk=household.pk)
    return render(request, "communities/household_form.html", {"form": form, "compound": compound})


@access.community_view(Role.ADMIN)
def household_edit(request, pk):
    household = access.household_for(request, pk)
    form = HouseholdForm(request.POST or None, initial=HouseholdForm.initial_for(household))
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(household=household, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("communities:household", slug=request.community.slug, pk=household.pk)
    return render(
        request,
        "communities/household_form.html",
        {"form": form, "compound": household.compound, "household": household},
    )


def _household_change(request, pk, *, form_class, service, initial=None, title, done):
    """A one-purpose change of a household (head, occupancy): form, service call, back to the household."""
    household = access.household_for(request, pk)
    form = form_class(request.POST or None, initial=initial(household) if initial else None)
    if request.method == "POST" and form.is_valid():
        service(household=household, actor=request.user, **form.cleaned_data)
        messages.success(request, done)
        return redirect("communities:household", slug=request.community.slug, pk=household.pk)
    return render(
        request, "communities/household_change.html", {"form": form, "household": household, "title": title}
    )


@access.community_view(Role.ADMIN)
def household_change_head(request, pk):
    return _household_change(
        request,
        pk,
        form_class=ChangeHeadForm,
        service=services.household_change_head,
        title=_("Change of head of household"),
        done=_("Head of household changed."),
    )


@access.community_view(Role.ADMIN)
def household_change_occupancy(request, pk):
    return _household_change(
        request,
        pk,
        form_class=ChangeOccupancyForm,
        service=services.household_change_occupancy,
        initial=lambda household: {"occupancy": household.occupancy},
        title=_("Change of occupancy"),
        done=_("Occupancy changed."),
    )


@access.community_view(Role.ADMIN)
def household_regenerate_code(request, pk):
    household = access.household_for(request, pk)
    if request.method == "POST":
        services.household_regenerate_access_code(household=household, actor=request.user)
        messages.success(
            request, _("A new access code was made. The old slip no longer works: print a new one.")
        )
        return redirect("communities:household", slug=request.community.slug, pk=household.pk)
    return render(
        request,
        "_confirm.html",
        {
            "title": _("Make a new access code for %(label)s?") % {"label": household.label},
            "body": _("The code on the household's current slip will stop working."),
            "confirm": _("Make a new code"),
            "cancel_url": reverse(
                "communities:household", kwargs={"slug": request.community.slug, "pk": household.pk}
            ),
        },
    )


@access.community_view(Role.ADMIN)
def household_slip(request, pk):
    household = access.household_for(request, pk)
    services.access_code_slips_print(
        community=request.community, target=household, count=1, actor=request.user
    )
    return render(request, "communities/slips.html", _slips_context(request, household.compound, [household]))


# --- staff and roles --------------------------------------------------------------


@access.community_view(Role.ADMIN)
def staff_list(request):
    members = (
        Membership.objects.filter(community=request.community)
        .select_related("user")
        .order_by("role", "user__username")
    )
    invitations = Invitation.objects.filter(
        community=request.community, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("created_by")
    return render(request, "communities/staff_list.html", {"members": members, "invitations": invitations})


@access.community_view(Role.ADMIN)
def invitation_create(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation, token = services.invitation_create(
            community=request.community, actor=request.user, **form.cleaned_data
        )
        link = request.build_absolute_uri(reverse("invitation_accept", kwargs={"token": token}))
        return render(
            request,
            "communities/link_once.html",
            {
                "title": _("Invitation link"),
                "link": link,
                "explain": _(
                    "Send this link to %(who)s, e.g. in WeChat. It works once, for 7 days, and is shown only now."
                )
                % {"who": invitation.note or invitation.get_role_display()},
            },
        )
    return render(request, "communities/invitation_form.html", {"form": form})


@access.community_view(Role.ADMIN)
def invitation_revoke(request, pk):
    invitation = access.invitation_for(request, pk)
    if request.method == "POST":
        services.invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(request, _("Invitation withdrawn."))
        return redirect("communities:staff", slug=request.community.slug)
    return render(
        request,
        "_confirm.html",
        {
            "title": _("Withdraw this invitation?"),
            "body": str(invitation),
            "confirm": _("Withdraw"),
            "cancel_url": reverse("communities:staff", kwargs={"slug": request.community.slug}),
        },
    )


@access.community_view(Role.ADMIN)
def membership_edit(request, pk):
    membership = access.membership_for(request, pk)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_role(
                membership=membership, actor=request.user, role=form.cleaned_data["role"]
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Role changed."))
            return redirect("communities:staff", slug=request.community.slug)
    return render(request, "communities/membership_form.html", {"form": form, "membership": membership})


def _membership_confirm(request, membership, *, title, body, confirm):
    return render(
        request,
        "_confirm.html",
        {
            "title": title,
            "body": body,
            "confirm": confirm,
            "cancel_url": reverse("communities:staff", kwargs={"slug": request.community.slug}),
        },
    )


@access.community_view(Role.ADMIN)
def membership_remove(request, pk):
    membership = access.membership_for(request, pk)
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(name)s no longer has access to this community.") % {"name": membership.user}
            )
        return redirect("communities:staff", slug=request.community.slug)
    return _membership_confirm(
        request,
        membership,
        title=_("Remove %(name)s from this community?") % {"name": membership.user},
        body=_("They will no longer see any page of this community."),
        confirm=_("Remove"),
    )


@access.community_view(Role.ADMIN)
def membership_password_link(request, pk):
    membership = access.membership_for(request, pk)
    if request.method == "POST":
        path = services.membership_password_reset_link(membership=membership, actor=request.user)
        return render(
            request,
            "communities/link_once.html",
            {
                "title": _("Password link for %(name)s") % {"name": membership.user},
                "link": request.build_absolute_uri(path),
                "explain": _(
                    "Pass this link on to %(name)s. It sets a new password once and stops working after that."
                )
                % {"name": membership.user},
            },
        )
    return _membership_confirm(
        request,
        membership,
        title=_("Make a password link for %(name)s?") % {"name": membership.user},
        body=_("For staff who lost their password and have no working email."),
        confirm=_("Make the link"),
    )


@access.community_view(Role.ADMIN)
def membership_reset_mfa(request, pk):
    membership = access.membership_for(request, pk)
    if request.method == "POST":
        services.membership_reset_mfa(membership=membership, actor=request.user)
        messages.success(
            request,
            _("Two-factor authentication of %(name)s was reset. They set it up again at their next sign-in.")
            % {"name": membership.user},
        )
        return redirect("communities:staff", slug=request.community.slug)
    return _membership_confirm(
        request,
        membership,
        title=_("Reset two-factor authentication of %(name)s?") % {"name": membership.user},
        body=_("Only when they lost their phone and their recovery codes. Confirm who they are first."),
        confirm=_("Reset"),
    )


# --- audit log --------------------------------------------------------------------


@access.community_view(Role.ADMIN)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    entries = access.audit_entries_for(request)
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor_name__icontains=data["actor"])
        if data["target"]:
            entries = entries.filter(Q(target_repr__icontains=data["target"]) | Q(target_type=data["target"]))
        if data["date_from"]:
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(created_at__date__lte=data["date_to"])
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    labelled(page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "communities/audit_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


# --- invitations (public link) ----------------------------------------------------


def invitation_accept(request, token):
    if request.method == "POST" and not ratelimit.consume(request, action="invitation"):
        return ratelimit.respond_429(request)
    invitation = services.invitation_lookup(token=token)
    if invitation is None:
        return render(request, "communities/invitation_invalid.html", status=404)
    form = None if request.user.is_authenticated else AcceptInvitationForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                services.invitation_accept(token=token, user=request.user)
            elif form.is_valid():
                data = form.cleaned_data
                services.invitation_accept(
                    token=token, username=data["username"], password=data["password1"], email=data["email"]
                )
                messages.success(request, _("Your account is ready. Sign in with it now."))
                return redirect("account_login")
            else:
                return render(
                    request, "communities/invitation_accept.html", {"invitation": invitation, "form": form}
                )
        except DomainError as error:
            if form is not None:
                error.add_to_form(form)
            else:
                messages.error(request, error.message)
        else:
            return redirect("communities:home", slug=invitation.community.slug)
    return render(request, "communities/invitation_accept.html", {"invitation": invitation, "form": form})


# --- settings ---------------------------------------------------------------------------------------


def _save_community_settings(*, community, actor, data):
    """Masked names switch only through a recorded decision (communities.naming); an unchanged switch saves
    nothing."""
    if data["public_names_masked"] == community.public_names_masked:
        return None
    return naming.names_decision_record(
        community=community,
        names_shown=data["public_names_masked"],
        meeting_name=data["meeting_name"],
        decided_on=data["decided_on"],
        minutes_photo=data["minutes_photo"],
        actor=actor,
    )


def communities_settings_section() -> slots.SettingsSection:
    """The community's own section of the settings page (other apps register theirs in the settings slot)."""
    return slots.SettingsSection(
        key="communities",
        title=_("Public pages"),
        form_class=CommunitySettingsForm,
        initial=lambda community: {"public_names_masked": community.public_names_masked},
        save=_save_community_settings,
        order=10,
        template="communities/_names_decision.html",
        context=lambda community: {"decision": naming.names_decision_current(community)},
    )


@access.community_view(Role.ADMIN)
def community_settings(request):
    """One settings page for community admins: a form per section of the settings slot, each saved on its own
    through its app's service."""
    posted = request.POST.get("section") if request.method == "POST" else None
    sections = []
    for section in slots.for_role("settings", request.membership):
        data, files = (request.POST, request.FILES) if posted == section.key else (None, None)
        form = section.form_class(data, files, initial=section.initial(request.community), prefix=section.key)
        if data is not None and form.is_valid():
            try:
                section.save(community=request.community, actor=request.user, data=form.cleaned_data)
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Settings saved."))
                return redirect("communities:settings", slug=request.community.slug)
        sections.append((section, form))
    if posted is not None and posted not in {section.key for section, _form in sections}:
        messages.error(request, _("That settings section does not exist. Nothing was saved."))
    return render(request, "communities/settings.html", {"sections": sections})
