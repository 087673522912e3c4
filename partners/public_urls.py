"""Residents' pages of the partners app (no account)."""

from django.urls import path

from .views import public

app_name = "partners_public"

urlpatterns = [
    path("l/<str:token>/", public.partner_link, name="link"),
]
