"""Residents' pages of the partners app (no account)."""

from django.urls import path

from .views import apply, public, records

app_name = "partners_public"

urlpatterns = [
    path("l/<str:token>/", public.partner_link, name="link"),
    path("l/<str:token>/slots/<int:pk>/signup/", public.link_signup, name="link_signup"),
    path("l/<str:token>/signups/<int:pk>/cancel/", public.link_cancel, name="link_cancel"),
    path("j/<str:token>/", apply.call_page, name="call"),
    path("a/<str:token>/", apply.application_page, name="application"),
    path("a/<str:token>/withdraw/", apply.application_withdraw, name="application_withdraw"),
    path("v/<str:token>/", records.record_check, name="record_check"),
]
