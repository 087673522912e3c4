"""Residents' pages of the funds app (no account), under /p/<token>/funds/, /r/ (receipt check) and /q/
(an asker's private link to their question)."""

from django.urls import path

from .views import household, public

app_name = "funds_public"

urlpatterns = [
    path("p/<str:token>/funds/", public.ledger_board, name="board"),
    path("p/<str:token>/funds/find/", public.board_find, name="find"),
    path("p/<str:token>/funds/levies/<int:pk>/", public.levy_ledger, name="levy"),
    path("p/<str:token>/funds/funds/<int:pk>/", public.fund_ledger, name="fund"),
    path("p/<str:token>/funds/payments/<int:pk>/confirm/", household.payment_confirm, name="payment_confirm"),
    path("p/<str:token>/funds/payments/<int:pk>/flag/", household.payment_flag, name="payment_flag"),
    path("p/<str:token>/funds/snapshots/<int:pk>/", public.snapshot_page, name="snapshot"),
    path("p/<str:token>/funds/snapshots/<int:pk>/print/", public.snapshot_print, name="snapshot_print"),
    path("r/<str:token>/", public.receipt_verify, name="receipt_verify"),
    path("q/<str:token>/", public.question_page, name="question"),
]
