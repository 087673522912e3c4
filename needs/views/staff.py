"""Staff pages of the needs list (/c/<slug>/needs/): the list with filters and the overdue flag, recording a need
on a phone, intake sessions, and a need's page with its review, triage, state, updates, photos and merge."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Role
from communities.queries import household_search

from .. import queries, services
from ..access import need_for, session_for
from ..forms import (
    FilterForm,
    MergeForm,
    NeedForm,
    PhotoForm,
    ReviewForm,
    SessionForm,
    StatusForm,
    TriageForm,
    UpdateForm,
)
from ..models import MOVES, IntakeSession, Need, NeedUpdate, Review

PER_PAGE = 20


def _posted(request):
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _back(request, need):
    return redirect("needs:need", slug=request.community.slug, pk=need.pk)


@community_view()
def need_list(request):
    """Every need of the community, newest first, 20 a page; filters; the overdue flag from the query."""
    form = FilterForm(request.GET or None, community=request.community)
    filters = form.cleaned_data if form.is_valid() else {}
    needs = queries.staff_needs(
        request.community, **{k: v for k, v in filters.items() if v not in (None, "")}
    )
    page = Paginator(needs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "needs/need_list.html",
        {"form": form, "page": page, "needs": page.object_list, "query": query.urlencode()},
    )


def _household_of(request, form, compound) -> object:
    """The household named by its room, within the compound; False (with a form error) if none or several."""
    label = (form.cleaned_data.get("household_label") or "").strip()
    if not label:
        return None
    matches = [h for h in household_search(request.community, label)[:5] if h.compound_id == compound.pk]
    if len(matches) != 1:
        form.add_error(
            "household_label",
            _("No single household matches “%(label)s”. Write it as 3栋2单元501.") % {"label": label},
        )
        return False
    return matches[0]


@community_view(Role.STAFF)
def need_create(request):
    """Record a need on a phone: title, compound, category, who raised it, photos; the rest can wait."""
    form = NeedForm(_posted(request), _files(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = _household_of(request, form, data["compound"])
        if household is not False:
            try:
                need = services.need_create(
                    compound=data["compound"],
                    building=data["building"],
                    title=data["title"],
                    description=data["description"],
                    category=data["category"],
                    channel=data["channel"],
                    raised_by=data["raised_by"],
                    household=household,
                    partner=data["partner"],
                    photos=data["photos"],
                    actor=request.user,
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("The need is on the list."))
                if "another" in request.POST:
                    return redirect("needs:need_create", slug=request.community.slug)
                return _back(request, need)
    return render(request, "needs/need_form.html", {"form": form})


@community_view()
def session_list(request):
    sessions = IntakeSession.objects.filter(community=request.community).select_related("compound")
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "needs/session_list.html", {"page": page, "sessions": page.object_list})


@community_view(Role.STAFF)
def session_create(request):
    """After a bench meeting: the session (channel, date, place, how many came, the notes' photo) and the needs
    raised there, on one page."""
    form = SessionForm(_posted(request), _files(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.intake_session_create(
                compound=data["compound"],
                channel=data["channel"],
                held_on=data["held_on"],
                place=data["place"],
                attendees=data["attendees"],
                notes_photo=data["notes_photo"],
                needs=form.needs(),
                actor=request.user,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The session and its needs are recorded."))
            return redirect("needs:session", slug=request.community.slug, pk=session.pk)
    return render(request, "needs/session_form.html", {"form": form})


@community_view()
def session_detail(request, pk):
    session = session_for(request, pk)
    needs = queries.staff_needs(request.community).filter(session=session)
    return render(request, "needs/session_detail.html", {"session": session, "needs": needs})


@community_view()
def need_detail(request, pk):
    """A need with everything staff do to it; observers read it."""
    need = need_for(request, pk)
    if need.merged_into_id and not request.GET.get("stay"):
        messages.info(request, _("This need was merged into this one."))
        return redirect("needs:need", slug=request.community.slug, pk=need.merged_into_id)
    row = queries.board_rows(Need.objects.filter(pk=need.pk))[0]
    overdue = queries.with_overdue(Need.objects.filter(pk=need.pk), request.community).values_list(
        "overdue", flat=True
    )[0]
    pledges = list(need.pledges.select_related("partner").order_by("id"))
    deliveries = list(
        need.deliveries.select_related(
            "pledge__partner", "income__fund", "hours_entry__confirmation", "hours_entry__reversal"
        ).order_by("delivered_on", "id")
    )
    can_change = request.membership.has_role(Role.STAFF)
    context = {
        "need": need,
        "row": row,
        "overdue": overdue,
        "updates": NeedUpdate.objects.filter(need=need).select_related("actor"),
        "photos": list(need.photos.all()),
        "pledges": pledges,
        "deliveries": deliveries,
        "merged": list(need.merged.all()),
        "can_change": can_change,
        "sees_private": can_change,
    }
    if can_change:
        context.update(
            {
                "review_form": ReviewForm(initial={"publish": "1", "title": need.title})
                if need.review == Review.PENDING
                else None,
                "triage_form": TriageForm(initial=_triage_initial(need)),
                "status_form": StatusForm(
                    community=request.community,
                    allowed=MOVES.get(need.state, ()),
                    initial={"estimated_cost": need.estimated_cost, "plan": need.plan},
                )
                if MOVES.get(need.state) and need.review == Review.PUBLISHED
                else None,
                "update_form": UpdateForm(),
                "photo_form": PhotoForm(),
            }
        )
    return render(request, "needs/need_detail.html", context)


def _form_page(request, need, form, title, template="needs/need_action.html"):
    return render(request, template, {"need": need, "form": form, "title": title})


def _triage_initial(need) -> dict:
    """The triage form as the need is sorted now (urgent, important, rationale)."""
    initial = {"rationale": need.rationale}
    if need.quadrant:
        initial["urgent"] = "1" if need.quadrant in ("act_now", "quick_win") else "0"
        initial["important"] = "1" if need.quadrant in ("act_now", "schedule") else "0"
    return initial


def _action(request, need, form, service, done: str, title: str):
    """One action on a need from its own form page: the form's cleaned data go to `service` (with the need and
    the actor); a refusal shows on the form; success goes back to the need (or to what the service returns)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = service(need=need, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, done)
            return _back(request, result if isinstance(result, Need) else need)
    return _form_page(request, need, form, title)


@community_view(Role.STAFF)
def need_review(request, pk):
    need = need_for(request, pk)
    form = ReviewForm(_posted(request), initial={"publish": "1", "title": need.title})
    return _action(
        request, need, form, services.need_review, _("Reviewed."), _("Review a need residents sent")
    )


@community_view(Role.STAFF)
def need_triage(request, pk):
    need = need_for(request, pk)
    form = TriageForm(_posted(request), initial=_triage_initial(need))
    return _action(request, need, form, services.need_triage, _("Sorted."), _("Urgency and importance"))


@community_view(Role.STAFF)
def need_status(request, pk):
    need = need_for(request, pk)
    initial = {"estimated_cost": need.estimated_cost, "plan": need.plan, "state": request.GET.get("to", "")}
    form = StatusForm(
        _posted(request),
        _files(request),
        community=request.community,
        allowed=MOVES.get(need.state, ()),
        initial=initial,
    )
    return _action(
        request, need, form, services.need_set_status, _("The need has moved."), _("Move the need")
    )


def _update_add(*, need, actor, text, public):
    return services.need_update_add(need=need, text_value=text, public=public, actor=actor)


@community_view(Role.STAFF)
def need_update(request, pk):
    need = need_for(request, pk)
    form = UpdateForm(_posted(request))
    return _action(request, need, form, _update_add, _("Update added."), _("Add an update"))


@community_view(Role.STAFF)
def need_photos(request, pk):
    need = need_for(request, pk)
    form = PhotoForm(_posted(request), _files(request))
    return _action(request, need, form, services.need_photos_add, _("Photos added."), _("Add photos"))


@community_view(Role.STAFF)
def need_merge(request, pk):
    need = need_for(request, pk)
    form = MergeForm(_posted(request), need=need)
    return _action(
        request,
        need,
        form,
        services.need_merge,
        _("Merged. The duplicate now leads here."),
        _("Merge this need into another"),
    )


@community_view(Role.STAFF)
def review_queue(request):
    needs = (
        Need.objects.filter(community=request.community, review=Review.PENDING)
        .select_related("compound")
        .order_by("created_at")
    )
    page = Paginator(needs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "needs/review_list.html", {"page": page, "needs": page.object_list})


def need_url(request, need) -> str:
    return reverse("needs:need", args=[request.community.slug, need.pk])
