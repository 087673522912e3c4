"""Staff pages of the partners app, under /c/<slug>/partners/."""

from django.urls import path

from .views import calls, imports, records, registry, reports, teams, volunteering

app_name = "partners"

urlpatterns = [
    path("", registry.partner_list, name="partners"),
    path("new/", registry.partner_create, name="partner_create"),
    path("import/", imports.partner_import, name="import"),
    path("import/<int:pk>/missing/", imports.partner_import_missing, name="import_missing"),
    path("export/", imports.partner_export, name="export"),
    path("<int:pk>/", registry.partner_detail, name="partner"),
    path("<int:pk>/edit/", registry.partner_edit, name="partner_edit"),
    path("<int:pk>/status/", registry.partner_status, name="partner_status"),
    path("<int:pk>/consent/", registry.partner_consent, name="partner_consent"),
    path("<int:pk>/link/", registry.partner_link, name="partner_link"),
    path("<int:pk>/merge/", registry.partner_merge, name="partner_merge"),
    path("calls/", calls.call_list, name="calls"),
    path("calls/new/", calls.call_create, name="call_create"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("calls/<int:pk>/poster/", calls.call_poster, name="call_poster"),
    path("calls/<int:pk>/close/", calls.call_close, name="call_close"),
    path("applications/", calls.application_list, name="applications"),
    path("applications/<int:pk>/", calls.application_detail, name="application"),
    path("teams/", teams.team_list, name="teams"),
    path("teams/new/", teams.team_create, name="team_create"),
    path("teams/<int:pk>/", teams.team_detail, name="team"),
    path("teams/members/<int:pk>/leave/", teams.team_member_leave, name="team_member_leave"),
    path("<int:pk>/assign/", teams.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/end/", teams.assignment_end, name="assignment_end"),
    path("volunteering/", volunteering.activity_list, name="activities"),
    path("volunteering/new/", volunteering.activity_create, name="activity_create"),
    path("volunteering/<int:pk>/", volunteering.activity_detail, name="activity"),
    path("volunteering/<int:pk>/edit/", volunteering.activity_edit, name="activity_edit"),
    path("volunteering/slots/<int:pk>/", volunteering.slot_detail, name="slot"),
    path("volunteering/slots/<int:pk>/signup/", volunteering.slot_signup, name="slot_signup"),
    path("volunteering/slots/<int:pk>/checkin/", volunteering.slot_checkin, name="slot_checkin"),
    path("volunteering/slots/<int:pk>/confirm/", volunteering.slot_confirm, name="slot_confirm"),
    path("volunteering/signups/<int:pk>/cancel/", volunteering.signup_cancel, name="signup_cancel"),
    path("volunteering/hours/waiting/", volunteering.hours_waiting, name="hours_waiting"),
    path("volunteering/hours/<int:pk>/confirm/", volunteering.entry_confirm, name="hours_confirm"),
    path("volunteering/hours/<int:pk>/reverse/", volunteering.entry_reverse, name="hours_reverse"),
    path("<int:pk>/records/", records.record_list, name="records"),
    path("<int:pk>/records/new/", records.record_issue, name="record_issue"),
    path("records/<int:pk>/", records.record_print, name="record"),
    path("volunteering/reports/", reports.hours_report, name="hours_report"),
    path("volunteering/reports/export/", reports.hours_report_export, name="hours_report_export"),
]
