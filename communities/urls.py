from django.urls import path

from . import private_views, views
from .roster import views as roster_views

app_name = "communities"

urlpatterns = [
    path("", views.community_home, name="home"),
    path("compounds/new/", views.compound_create, name="compound_create"),
    path("compounds/<int:pk>/", views.compound_detail, name="compound"),
    path("compounds/<int:pk>/edit/", views.compound_edit, name="compound_edit"),
    path("compounds/<int:pk>/slips/", views.compound_slips, name="compound_slips"),
    path("compounds/<int:pk>/households/new/", views.household_create, name="household_create"),
    path("households/", views.household_search, name="household_search"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/head/", views.household_change_head, name="household_change_head"),
    path(
        "households/<int:pk>/occupancy/", views.household_change_occupancy, name="household_change_occupancy"
    ),
    path("households/<int:pk>/code/", views.household_regenerate_code, name="household_regenerate_code"),
    path("households/<int:pk>/slip/", views.household_slip, name="household_slip"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/invite/", views.invitation_create, name="invitation_create"),
    path("staff/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("staff/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("staff/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("staff/<int:pk>/password-link/", views.membership_password_link, name="membership_password_link"),
    path("staff/<int:pk>/reset-2fa/", views.membership_reset_mfa, name="membership_reset_mfa"),
    path("audit/", views.audit_list, name="audit"),
    path("settings/", views.community_settings, name="settings"),
    path("files/<path:name>", private_views.private_file, name="private_file"),
    path("compounds/<int:pk>/roster/", roster_views.roster_page, name="roster"),
    path("compounds/<int:pk>/roster/export/", roster_views.roster_export, name="roster_export"),
    path("roster/imports/<int:pk>/", roster_views.roster_import_detail, name="roster_import"),
    path(
        "roster/imports/<int:pk>/progress/",
        roster_views.roster_import_progress,
        name="roster_import_progress",
    ),
    path(
        "roster/imports/<int:pk>/confirm/", roster_views.roster_import_confirm, name="roster_import_confirm"
    ),
    path(
        "roster/imports/<int:pk>/moved-out/",
        roster_views.roster_import_moved_out,
        name="roster_import_moved_out",
    ),
    path("roster/imports/<int:pk>/file/", roster_views.roster_import_file, name="roster_import_file"),
    path(
        "roster/imports/<int:pk>/problems/",
        roster_views.roster_import_problems,
        name="roster_import_problems",
    ),
]
