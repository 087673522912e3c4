"""Residents' pages of the partners app (no account)."""

from django.urls import path

from .views import apply, public

app_name = "partners_public"

urlpatterns = [
    path("l/<str:token>/", public.partner_link, name="link"),
    path("j/<str:token>/", apply.call_page, name="call"),
    path("a/<str:token>/", apply.application_page, name="application"),
    path("a/<str:token>/withdraw/", apply.application_withdraw, name="application_withdraw"),
]
