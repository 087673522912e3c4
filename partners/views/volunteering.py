"""Staff pages of volunteering (/c/<slug>/partners/volunteering/): activities and rotas, a slot with its sign-ups,
the check-in list on a phone (ticks, hours, a walk-in), the confirmation by a second member of staff, reversals,
and the hours waiting for confirmation. Observers read; staff write.

Every list here is a fixed number of queries whatever the number of slots, sign-ups and entries
(partners.queries.volunteering; tests/partners/test_volunteering_pages.py counts them).
"""

import datetime

from django.contrib import messages
from django.db.models import Count, Min, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.errors import DomainError
from communities.models import Compound, Role

from .. import queries, services
from ..access import activity_for, hours_entry_for, signup_for, slot_for
from ..forms import ActivityForm, CheckinForm, ReversalForm, SignUpForm
from ..models import Activity, HoursEntry, SignUp, Slot

UPCOMING_DAYS = 28
RECENT_DAYS = 14


def _posted(request):
    return request.POST if request.method == "POST" else None


def _to_slot(request, slot):
    return redirect("partners:slot", slug=request.community.slug, pk=slot.pk)


@community_view()
def activity_list(request):
    """The community's activities, per compound (?compound=<id>, or ?compound=0 for community-wide ones), and the
    slots of the coming week."""
    now = timezone.now()
    activities = Activity.objects.filter(community=request.community).select_related("compound", "team")
    slots = Slot.objects.filter(
        community=request.community,
        activity__ended_at__isnull=True,
        ends_at__gt=now,
        starts_at__lt=now + datetime.timedelta(days=7),
    )
    compounds = list(Compound.objects.filter(community=request.community).order_by("name"))
    chosen = request.GET.get("compound", "")
    if chosen == "0":
        activities = activities.filter(compound__isnull=True)
        slots = slots.filter(activity__compound__isnull=True)
    elif chosen.isdigit() and any(c.pk == int(chosen) for c in compounds):
        activities = activities.filter(compound_id=int(chosen))
        slots = slots.filter(activity__compound_id=int(chosen))
    else:
        chosen = ""
    activities = activities.annotate(
        next_start=Min("slots__starts_at", filter=Q(slots__starts_at__gt=now)),
    ).order_by("ended_at", "title", "id")
    context = {
        "activities": list(activities),
        "slots": list(queries.slots_with_counts(slots).order_by("starts_at", "id")),
        "compounds": compounds,
        "chosen": chosen,
    }
    return render(request, "partners/volunteering/activity_list.html", context)


@community_view(Role.STAFF)
def activity_create(request):
    form = ActivityForm(_posted(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                community=request.community,
                kind=form.cleaned_data["kind"],
                actor=request.user,
                **form.service_fields(),
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Activity %(title)s created.") % {"title": activity.title})
            return redirect("partners:activity", slug=request.community.slug, pk=activity.pk)
    return render(
        request, "partners/volunteering/activity_form.html", {"form": form, "title": _("New activity")}
    )


@community_view(Role.STAFF)
def activity_edit(request, pk):
    activity = activity_for(request, pk)
    form = ActivityForm(
        _posted(request),
        community=request.community,
        editing=True,
        initial=ActivityForm.initial_for(activity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(activity=activity, actor=request.user, **form.service_fields())
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _("Saved. Future slots nobody signed up for follow the new details; the others stay."),
            )
            return redirect("partners:activity", slug=request.community.slug, pk=activity.pk)
    return render(
        request,
        "partners/volunteering/activity_form.html",
        {"form": form, "title": _("Change the activity"), "activity": activity},
    )


@community_view()
def activity_detail(request, pk):
    activity = activity_for(request, pk)
    now = timezone.now()
    slots = Slot.objects.filter(activity=activity)
    upcoming = slots.filter(ends_at__gt=now, starts_at__lt=now + datetime.timedelta(days=UPCOMING_DAYS))
    recent = slots.filter(ends_at__lte=now, starts_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
    context = {
        "activity": activity,
        "upcoming": list(queries.slots_with_counts(upcoming).order_by("starts_at")),
        "recent": list(
            queries.slots_with_counts(recent)
            .annotate(
                n_waiting=Count(
                    "hours_entries",
                    filter=Q(hours_entries__confirmation__isnull=True, hours_entries__reversal__isnull=True),
                    distinct=True,
                )
            )
            .order_by("-starts_at")
        ),
    }
    return render(request, "partners/volunteering/activity_detail.html", context)


def _slot_entries(slot) -> list[HoursEntry]:
    return list(
        HoursEntry.objects.filter(slot=slot)
        .select_related("partner", "recorded_by", "confirmation__confirmed_by", "reversal")
        .order_by("partner__name", "id")
    )


@community_view()
def slot_detail(request, pk):
    slot = slot_for(request, pk)
    signups = list(SignUp.objects.filter(slot=slot).select_related("partner").order_by("created_at", "id"))
    entries = _slot_entries(slot)
    now = timezone.now()
    context = {
        "slot": slot,
        "signups": signups,
        "entries": entries,
        "started": slot.starts_at <= now,
        "full": len(signups) >= slot.capacity,
        "waiting": [e for e in entries if not hasattr(e, "confirmation") and not hasattr(e, "reversal")],
    }
    return render(request, "partners/volunteering/slot_detail.html", context)


@community_view(Role.STAFF)
def slot_signup(request, pk):
    slot = slot_for(request, pk)
    form = SignUpForm(_posted(request), community=request.community)
    if request.method == "POST" and form.is_valid():
        try:
            signup = services.signup_create(
                slot=slot, partner=form.cleaned_data["partner"], actor=request.user
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("%(name)s is signed up.") % {"name": signup.partner.name})
            return _to_slot(request, slot)
    return render(request, "partners/volunteering/signup_form.html", {"form": form, "slot": slot})


@community_view(Role.STAFF)
def signup_cancel(request, pk):
    signup = signup_for(request, pk)
    if request.method == "POST":
        try:
            services.signup_cancel(signup=signup, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The sign-up of %(name)s is cancelled.") % {"name": signup.partner.name}
            )
        return _to_slot(request, signup.slot)
    return render(
        request, "partners/volunteering/signup_cancel.html", {"signup": signup, "slot": signup.slot}
    )


@community_view(Role.STAFF)
def slot_checkin(request, pk):
    """The check-in list on a phone: the signed-up partners not checked in yet, each with a tick and hours,
    someone else from the registry, a walk-in."""
    slot = slot_for(request, pk)
    done = services.checked_in(slot)
    listed = [
        s.partner
        for s in SignUp.objects.filter(slot=slot).select_related("partner").order_by("partner__name")
        if s.partner_id not in done
    ]
    form = CheckinForm(_posted(request), community=request.community, listed=listed, default_hours=slot.hours)
    if request.method == "POST" and form.is_valid():
        try:
            entries = services.checkin_record(
                slot=slot, actor=request.user, ticked=form.ticked(), walk_ins=form.walk_ins()
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(
                request,
                _("Checked in: %(n)s. Another member of staff confirms the hours.") % {"n": len(entries)},
            )
            return _to_slot(request, slot)
    context = {
        "slot": slot,
        "form": form,
        "entries": _slot_entries(slot),
        "not_yet": slot.starts_at > timezone.now(),
    }
    return render(request, "partners/volunteering/checkin.html", context)


@community_view(Role.STAFF)
def slot_confirm(request, pk):
    """A second member of staff confirms the slot's hours at once."""
    slot = slot_for(request, pk)
    if request.method == "POST":
        try:
            confirmations = services.hours_confirm(slot=slot, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Confirmed: %(n)s entries.") % {"n": len(confirmations)})
        return _to_slot(request, slot)
    entries = [
        e for e in _slot_entries(slot) if not hasattr(e, "confirmation") and not hasattr(e, "reversal")
    ]
    context = {
        "slot": slot,
        "entries": entries,
        "total": sum((e.hours for e in entries), 0),
        "mine": any(e.recorded_by_id == request.user.pk for e in entries),
    }
    return render(request, "partners/volunteering/confirm.html", context)


@community_view(Role.STAFF)
def entry_confirm(request, pk):
    """A second member of staff confirms one entry recorded without a slot (hours from another app)."""
    entry = hours_entry_for(request, pk)
    if request.method == "POST":
        try:
            services.hours_confirm(entry=entry, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Confirmed: %(n)s entries.") % {"n": 1})
        return redirect("partners:hours_waiting", slug=request.community.slug)
    context = {
        "slot": None,
        "entries": [entry],
        "total": entry.hours,
        "mine": entry.recorded_by_id == request.user.pk,
        "entry": entry,
    }
    return render(request, "partners/volunteering/confirm.html", context)


@community_view(Role.STAFF)
def entry_reverse(request, pk):
    entry = hours_entry_for(request, pk)
    form = ReversalForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_reverse(entry=entry, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The hours are reversed: they no longer count."))
            if entry.slot_id:
                return redirect("partners:slot", slug=request.community.slug, pk=entry.slot_id)
            return redirect("partners:partner", slug=request.community.slug, pk=entry.partner_id)
    return render(request, "partners/volunteering/reverse.html", {"form": form, "entry": entry})


@community_view(Role.STAFF)
def hours_waiting(request):
    """Hours waiting for a second member of staff: per slot, and the entries recorded without one."""
    waiting = queries.waiting_entries(request.community)
    by_slot = (
        waiting.filter(slot__isnull=False)
        .values("slot", "slot__starts_at", "slot__activity__title")
        .annotate(n=Count("id"), hours=Sum("hours"))
        .order_by("slot__starts_at")
    )
    by_slot = [{**row, "hours": queries.tenths(row["hours"])} for row in by_slot]
    loose = waiting.filter(slot__isnull=True).select_related("partner", "recorded_by").order_by("date", "id")
    return render(
        request,
        "partners/volunteering/waiting.html",
        {"by_slot": by_slot, "loose": list(loose)},
    )
