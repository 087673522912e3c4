"""The platform admin's view of the partners app: read-only (staff change partners through the app's pages and
services, which audit every write)."""

from django.contrib import admin

from communities.admin_base import ReadOnlyAdmin

from .models import (
    Application,
    Assignment,
    Consent,
    Partner,
    PartnersSettings,
    PartnerStatus,
    RecruitmentCall,
    Team,
    TeamMembership,
)


@admin.register(Partner)
class PartnerAdmin(ReadOnlyAdmin):
    list_display = ["name", "form", "kind", "community", "compound", "created_at"]
    list_filter = ["community", "form", "kind"]
    search_fields = ["name"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["name", "call", "state", "community", "created_at"]
    list_filter = ["community", "state"]


@admin.register(RecruitmentCall)
class RecruitmentCallAdmin(ReadOnlyAdmin):
    list_display = ["title", "community", "compound", "until", "closed_at"]
    list_filter = ["community"]


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "community", "compound", "formed_on", "dissolved_on"]
    list_filter = ["community", "kind"]


for model in (Consent, PartnerStatus, TeamMembership, Assignment, PartnersSettings):
    admin.site.register(model, ReadOnlyAdmin)
