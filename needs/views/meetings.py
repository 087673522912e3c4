"""Staff pages of meetings (/c/<slug>/needs/meetings/): the list, a new meeting, a meeting's page with its agenda
(周提月议: proposed from the needs under deliberation; reorder, drop, add), who came, the minutes and their photo,
and opening a decision on an agenda item."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Role

from .. import services
from ..meetings_access import meeting_for
from ..meetings_forms import AgendaItemForm, AttendanceForm, DecisionForm, MeetingForm, MinutesForm
from ..models import AgendaItem, Attendance, Decision, Meeting
from ..services.meetings import room_lines

PER_PAGE = 20


def _posted(request):
    return request.POST if request.method == "POST" else None


def _back(request, meeting):
    return redirect("needs:meeting", slug=request.community.slug, pk=meeting.pk)


@community_view()
def meeting_list(request):
    meetings = Meeting.objects.filter(community=request.community).select_related("compound")
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "needs/meetings/list.html", {"page": page, "meetings": page.object_list})


@community_view(Role.STAFF)
def meeting_create(request):
    form = MeetingForm(_posted(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(community=request.community, actor=request.user, **data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            n = meeting.agenda.count()
            if n:
                messages.success(
                    request,
                    _("Meeting recorded; its agenda holds %(n)s needs proposed since the last one.")
                    % {"n": n},
                )
            else:
                messages.success(request, _("Meeting recorded."))
            return _back(request, meeting)
    return render(request, "needs/meetings/form.html", {"form": form, "title": _("Record a meeting")})


@community_view()
def meeting_detail(request, pk):
    meeting = meeting_for(request, pk)
    agenda = list(AgendaItem.objects.filter(meeting=meeting).select_related("need", "decision"))
    attendance = list(
        Attendance.objects.filter(meeting=meeting).select_related("household__building", "partner")
    )
    decisions = list(Decision.objects.filter(meeting=meeting).order_by("opened_at", "id"))
    can_change = request.membership.has_role(Role.STAFF)
    return render(
        request,
        "needs/meetings/detail.html",
        {
            "meeting": meeting,
            "agenda": [i for i in agenda if not i.dropped],
            "dropped": [i for i in agenda if i.dropped],
            "households": [a for a in attendance if a.household_id],
            "partners": [a for a in attendance if a.partner_id],
            "decisions": decisions,
            "can_change": can_change,
            "item_form": AgendaItemForm(meeting=meeting) if can_change else None,
        },
    )


@community_view(Role.STAFF)
def meeting_agenda(request, pk):
    """The agenda's small changes, each a POST: propose, add, up, down, drop, restore."""
    meeting = meeting_for(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action", "")
    item = None
    if action in ("up", "down", "drop", "restore"):
        item_id = request.POST.get("item", "")
        if not item_id.isdigit():
            raise Http404
        item = get_object_or_404(AgendaItem, community=request.community, meeting=meeting, pk=int(item_id))
    try:
        if action == "propose":
            added = services.agenda_propose(meeting=meeting, actor=request.user)
            messages.success(request, _("%(n)s needs added to the agenda.") % {"n": len(added)})
        elif action == "add":
            form = AgendaItemForm(request.POST, meeting=meeting)
            if not form.is_valid():
                raise DomainError(_("Name the item."))
            services.agenda_item_add(
                meeting=meeting,
                title=form.cleaned_data["title"],
                need=form.cleaned_data["need"],
                actor=request.user,
            )
        elif action in ("up", "down"):
            services.agenda_item_move(item=item, up=action == "up", actor=request.user)
        elif action in ("drop", "restore"):
            services.agenda_item_drop(item=item, restore=action == "restore", actor=request.user)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(
        reverse("needs:meeting", kwargs={"slug": request.community.slug, "pk": meeting.pk}) + "#agenda"
    )


@community_view(Role.STAFF)
def meeting_attendance(request, pk):
    meeting = meeting_for(request, pk)
    form = AttendanceForm(_posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.attendance_record(
                meeting=meeting,
                rooms=room_lines(data["rooms"]),
                partners=list(data["partners"]),
                head_count=data["head_count"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("%(n)s added to who came.") % {"n": added})
            return _back(request, meeting)
    return render(
        request, "needs/meetings/action.html", {"form": form, "meeting": meeting, "title": _("Who came")}
    )


@community_view(Role.STAFF)
def meeting_minutes(request, pk):
    meeting = meeting_for(request, pk)
    form = MinutesForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        initial={"minutes": meeting.minutes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                photo=form.cleaned_data["photo"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Minutes saved."))
            return _back(request, meeting)
    return render(
        request,
        "needs/meetings/action.html",
        {"form": form, "meeting": meeting, "title": _("Minutes"), "multipart": True},
    )


@community_view(Role.STAFF)
def decision_create(request, pk):
    """One decision per agenda item: the motion, the rule, the electorate, the window or the tally."""
    meeting = meeting_for(request, pk)
    if meeting.compound_id is None:
        messages.error(
            request, _("A decision is taken by a compound's households: record the meeting for a compound.")
        )
        return _back(request, meeting)
    initial = {}
    item_id = request.GET.get("item", "")
    if item_id.isdigit():
        initial["agenda_item"] = int(item_id)
        item = AgendaItem.objects.filter(meeting=meeting, pk=int(item_id)).select_related("need").first()
        if item is not None:
            initial["motion"] = item.title
            if item.need_id:
                initial["plan"] = item.need.plan
                initial["estimated_cost"] = item.need.estimated_cost
                initial["responsible_note"] = item.need.responsible_note
    form = DecisionForm(_posted(request), meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_open(
                meeting=meeting,
                agenda_item=data["agenda_item"],
                motion=data["motion"],
                rule=data["rule"],
                buildings=list(data["buildings"]),
                closes_on=data["closes_on"],
                tally_for=data["tally_for"],
                tally_against=data["tally_against"],
                tally_abstain=data["tally_abstain"],
                plan=data["plan"],
                estimated_cost=data["estimated_cost"],
                responsible_note=data["responsible_note"],
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Decision opened."))
            return redirect("needs:decision", slug=request.community.slug, pk=decision.pk)
    return render(
        request,
        "needs/meetings/action.html",
        {"form": form, "meeting": meeting, "title": _("Open a decision")},
    )
