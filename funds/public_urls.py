"""Public (no account) pages of the funds app, under /p/<token>/funds/ and /r/ (receipt check); and the staff
pages of publishing (questions, snapshots) under /c/<slug>/funds/."""

from django.urls import path

from . import public_views, publication_views

app_name = "funds_public"

urlpatterns = [
    path("p/<str:token>/funds/", public_views.ledger_board, name="board"),
    path("p/<str:token>/funds/levies/<int:pk>/", public_views.levy_ledger, name="levy"),
    path("p/<str:token>/funds/funds/<int:pk>/", public_views.fund_ledger, name="fund"),
    path("p/<str:token>/funds/household/", public_views.household_page, name="household"),
    path("p/<str:token>/funds/snapshots/<int:pk>/", public_views.snapshot_page, name="snapshot"),
    path("p/<str:token>/funds/snapshots/<int:pk>/print/", public_views.snapshot_print, name="snapshot_print"),
    path("r/<str:token>/", public_views.receipt_verify, name="receipt_verify"),
    # Staff pages of publishing.
    path("c/<slug:slug>/funds/questions/", publication_views.questions, name="staff_questions"),
    path("c/<slug:slug>/funds/questions/<int:pk>/", publication_views.question, name="staff_question"),
    path(
        "c/<slug:slug>/funds/publish/levy/<int:pk>/",
        publication_views.publish_levy,
        name="staff_publish_levy",
    ),
    path(
        "c/<slug:slug>/funds/publish/fund/<int:pk>/",
        publication_views.publish_fund,
        name="staff_publish_fund",
    ),
    path(
        "c/<slug:slug>/funds/snapshots/<int:pk>/correct/",
        publication_views.snapshot_correct,
        name="staff_snapshot_correct",
    ),
]
