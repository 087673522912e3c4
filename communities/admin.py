from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import (
    AuditEntry,
    Building,
    Community,
    Compound,
    Household,
    Invitation,
    Membership,
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
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "street", "created_at"]
    search_fields = ["name", "slug", "street"]
    actions = ["invite_admin"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            created = services.community_create(
                name=obj.name, slug=obj.slug, street=obj.street, actor=request.user
            )
            obj.pk = created.pk

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
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "built_year", "built_month"]
    list_filter = ["community"]
    search_fields = ["name"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["label", "compound", "community"]
    list_filter = ["community"]
    list_select_related = ["compound", "community"]


@admin.register(Household)
class HouseholdAdmin(RosterImportExportAdmin):
    list_display = ["__str__", "compound", "head_name", "occupancy", "renovation"]
    list_filter = ["community", "compound", "renovation", "occupancy"]
    list_select_related = ["building", "compound"]
    search_fields = ["head_name", "room"]
    readonly_fields = ["community"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "created_at"]
    list_filter = ["community", "role"]
    list_select_related = ["user", "community"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["community", "role", "note", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["community", "role"]
    readonly_fields = ["token_hash"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "community", "actor_name", "action", "target_repr"]
    list_filter = ["community", "action"]
    search_fields = ["actor_name", "target_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(RosterImport, RosterImportAdmin)
