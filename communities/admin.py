"""The platform admin's view of the tenant: communities, compounds, households, staff, invitations, the audit log.

Every class here is either read-only or writes through communities.services (an audit entry per write, the
services' rules kept), see communities/admin_base.py. Households are edited on the community's own pages and
imported through the roster engine (the Import button); buildings come with households.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .admin_base import ReadOnlyAdmin, ReadOnlyAdminMixin, ServiceAdmin
from .models import (
    AuditEntry,
    Building,
    Community,
    Compound,
    Counter,
    Household,
    Invitation,
    Membership,
    NamesDecision,
    Role,
    RosterImport,
)
from .roster.admin import RosterImportAdmin, RosterImportExportAdmin


def platform_admin_only(request) -> bool:
    """The Django admin is the platform admin's tool; community staff use the community pages."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = platform_admin_only
admin.site.site_header = gettext_lazy("Happiness Partners platform admin")


@admin.register(Community)
class CommunityAdmin(ServiceAdmin):
    list_display = ["name", "slug", "street", "public_names_masked", "created_at"]
    search_fields = ["name", "slug", "street"]
    actions = ["invite_admin"]
    # Masked names follow a residents' meeting decision, recorded by the community's admins on its settings
    # page (communities.naming): never switched here.
    readonly_fields = ["public_names_masked"]

    def save_through_service(self, request, original, form):
        data = form.cleaned_data
        if original is None:
            return services.community_create(
                name=data["name"], slug=data["slug"], street=data["street"], actor=request.user
            )
        fields = {name: data[name] for name in ("name", "slug", "street") if name in data}
        return services.community_update(community=original, actor=request.user, **fields)

    @admin.action(description=gettext_lazy("Invite a community admin (one-time link)"))
    def invite_admin(self, request, queryset):
        for community in queryset:
            _invitation, token = services.invitation_create(
                community=community, role=Role.ADMIN, actor=request.user, note=_("first community admin")
            )
            link = request.build_absolute_uri(reverse("invitation_accept", kwargs={"token": token}))
            messages.success(
                request, _("Invitation for %(community)s: %(link)s") % {"community": community, "link": link}
            )


@admin.register(Compound)
class CompoundAdmin(ServiceAdmin):
    list_display = ["name", "community", "built_year", "built_month"]
    list_filter = ["community"]
    search_fields = ["name"]

    def get_readonly_fields(self, request, obj=None):
        return ["community"] if obj else []

    def save_through_service(self, request, original, form):
        fields = {name: form.cleaned_data[name] for name in services.COMPOUND_FIELDS}
        if original is None:
            return services.compound_create(
                community=form.cleaned_data["community"], actor=request.user, **fields
            )
        return services.compound_update(compound=original, actor=request.user, **fields)


@admin.register(Building)
class BuildingAdmin(ReadOnlyAdmin):
    list_display = ["label", "compound", "community"]
    list_filter = ["community"]
    list_select_related = ["compound", "community"]


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdminMixin, RosterImportExportAdmin):
    list_display = ["__str__", "compound", "head_name", "occupancy", "renovation"]
    list_filter = ["community", "compound", "renovation", "occupancy"]
    list_select_related = ["building", "compound"]
    search_fields = ["head_name", "room"]


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    """The role is changed, and a member removed, through the services: a community keeps one admin at least.
    A new member comes by an invitation (the communities' "Invite a community admin" action)."""

    list_display = ["user", "community", "role", "created_at"]
    list_filter = ["community", "role"]
    list_select_related = ["user", "community"]
    readonly_fields = ["user", "community"]

    def has_add_permission(self, request):
        return False

    def save_through_service(self, request, original, form):
        return services.membership_set_role(
            membership=original, role=form.cleaned_data["role"], actor=request.user
        )

    def delete_through_service(self, request, original):
        services.membership_remove(membership=original, actor=request.user)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["community", "role", "note", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["community", "role"]
    actions = ["revoke"]

    @admin.action(description=gettext_lazy("Withdraw the invitations"))
    def revoke(self, request, queryset):
        for invitation in queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True):
            services.invitation_revoke(invitation=invitation, actor=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "community", "actor_name", "action", "target_repr"]
    list_filter = ["community", "action"]
    search_fields = ["actor_name", "target_repr"]


@admin.register(NamesDecision)
class NamesDecisionAdmin(ReadOnlyAdmin):
    """Recorded on the community's settings page (communities.naming); append-only."""

    list_display = ["recorded_at", "community", "names_shown", "meeting_name", "decided_on"]
    list_filter = ["community", "names_shown"]


@admin.register(Counter)
class CounterAdmin(ReadOnlyAdmin):
    list_display = ["community", "name", "last_number"]
    list_filter = ["community", "name"]


@admin.register(RosterImport)
class RosterImportReadOnlyAdmin(ReadOnlyAdminMixin, RosterImportAdmin):
    """Shown, never edited; the import is confirmed by the action, through the roster service."""
