"""Staff pages of meetings and decisions, under /c/<slug>/needs/ (added to needs/urls.py), and residents' pages of
decisions under /p/<token>/decisions/ (added to needs/public_urls.py)."""

from django.urls import path

from .views import decisions, decisions_public, meetings

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/agenda/", meetings.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/decide/", meetings.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision"),
    path("decisions/<int:pk>/ballots/", decisions.decision_ballots, name="decision_ballots"),
    path("decisions/<int:pk>/close/", decisions.decision_close, name="decision_close"),
    path("decisions/<int:pk>/levy/", decisions.decision_levy, name="decision_levy"),
    path("decisions/<int:pk>/votes/", decisions.decision_votes, name="decision_votes"),
    path("ballots/<int:pk>/void/", decisions.ballot_void, name="ballot_void"),
    path("voids/<int:pk>/confirm/", decisions.void_confirm, name="void_confirm"),
]

public_urlpatterns = [
    path("p/<str:token>/decisions/<int:pk>/", decisions_public.decision_page, name="decision"),
    path("p/<str:token>/decisions/<int:pk>/vote/", decisions_public.vote, name="vote"),
]
