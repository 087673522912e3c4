"""Staff pages of the needs app, under /c/<slug>/needs/."""

from django.urls import path

from .views import staff, support

app_name = "needs"

urlpatterns = [
    path("", staff.need_list, name="needs"),
    path("new/", staff.need_create, name="need_create"),
    path("review/", staff.review_queue, name="review_queue"),
    path("sessions/", staff.session_list, name="sessions"),
    path("sessions/new/", staff.session_create, name="session_create"),
    path("sessions/<int:pk>/", staff.session_detail, name="session"),
    path("<int:pk>/", staff.need_detail, name="need"),
    path("<int:pk>/review/", staff.need_review, name="need_review"),
    path("<int:pk>/triage/", staff.need_triage, name="need_triage"),
    path("<int:pk>/status/", staff.need_status, name="need_status"),
    path("<int:pk>/update/", staff.need_update, name="need_update"),
    path("<int:pk>/photos/", staff.need_photos, name="need_photos"),
    path("<int:pk>/merge/", staff.need_merge, name="need_merge"),
    path("<int:pk>/pledge/", support.pledge_create, name="pledge_create"),
    path("<int:pk>/pledges/<int:pledge_pk>/deliver/", support.delivery_create, name="delivery_create"),
    path("<int:pk>/coverage/", support.coverage, name="coverage"),
]

# Meetings and decisions (issue 15).
from .meetings_urls import urlpatterns as meetings_urlpatterns  # noqa: E402

urlpatterns += meetings_urlpatterns
