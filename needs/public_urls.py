"""Residents' pages of the needs app (no account): under /p/<token>/needs/, and /n/<token>/ (a submitter's
private link to follow their need)."""

from django.urls import path

from .views import public

app_name = "needs_public"

urlpatterns = [
    path("p/<str:token>/needs/", public.need_list, name="list"),
    path("p/<str:token>/needs/new/", public.need_submit, name="submit"),
    path("p/<str:token>/needs/notice/", public.notice, name="notice"),
    path("p/<str:token>/needs/<int:pk>/", public.need_page, name="need"),
    path("p/<str:token>/needs/<int:pk>/metoo/", public.metoo, name="metoo"),
    path("n/<str:token>/", public.follow, name="follow"),
]

# Decisions (issue 15).
from .meetings_urls import public_urlpatterns  # noqa: E402

urlpatterns += public_urlpatterns
