"""Residents' pages of the funds app (no account): the published ledgers of a board (a compound's or a
community's), their questions, 公示 snapshots with their printable notice, and the receipt check.

Which ledgers a board's residents may read is decided by one rule (public_queries.ledgers_for). The board, the
token and the household come from communities' public gate. Every page carries noindex. Caching goes through
communities.public_cache with funds' keys (funds.cache): a levy's whole page, a fund's ledger fragment and a
snapshot's page are cached per version, language and the community's names version; per-visitor bits (the
CSRF token, the "find my room" answer, messages, a form with errors) are put in per request or rendered for
that visitor alone.
"""

from allauth.core import ratelimit
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from communities import public, public_cache
from communities.errors import DomainError
from communities.models import Compound
from partners.naming import settings_for as partners_settings_for

from .. import cache, retention, services
from ..models import Levy, Snapshot
from ..public_forms import FindRoomForm, InquiryForm
from ..public_queries import (
    board,
    expenses_of,
    find_rooms,
    find_rooms_on_board,
    incomes_of,
    inquiries_public,
    inquiry_for_link,
    ledgers_for,
    levy_rooms,
    public_donor,
    receipt_for_check,
    snapshots_of,
)
from ..queries import fund_figures, levy_figures_one

SPLIT = "<!--split-->"
# Stand-in for the "find my room" answer in a cached page (an HTML comment: residents' text is escaped).
FOUND_MARK = "<!--found-room-->"


def _place_context(place) -> dict:
    """What every funds page of a board needs to link back: the place, its token, its community."""
    community = cache.place_community(place)
    return {
        "place": place,
        "token": place.public_token,
        "community": community,
        "compound": place if isinstance(place, Compound) else None,
    }


# --- a board's ledgers ------------------------------------------------------------------------------


@require_GET
def ledger_board(request, token):
    place = public.place_for_token(token)
    context = {**_place_context(place), **board(place)}
    return public.noindex(render(request, "funds/public/board.html", context))


def _ask(request, place, *, levy=None, fund=None, expenses):
    """The question form of a ledger page (compound boards only): rate-limited, moderated, contact private.
    Once asked, the asker's private link waits in their session for the confirmation (`_asked`)."""
    if not isinstance(place, Compound):
        return None, False
    form = InquiryForm(request.POST or None, expenses=expenses, prefix="ask")
    if request.method == "POST":
        if not ratelimit.consume(request, action="inquiry", key=place.public_token):
            form.add_error(None, _("Too many questions from here. Wait a while and try again."))
        elif form.is_valid():
            try:
                inquiry = services.inquiry_submit(
                    compound=place,
                    levy=levy,
                    fund=fund,
                    expense=form.cleaned_data.get("expense"),
                    text=form.cleaned_data["text"],
                    contact=form.cleaned_data["contact"],
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                request.session[ASKED_KEY] = {"ledger": _ledger_name(levy, fund), "token": inquiry.token}
                return None, True
    return form, False


ASKED_KEY = "funds_asked"


def _ledger_name(levy, fund) -> str:
    return f"levy:{levy.pk}" if levy is not None else f"fund:{fund.pk}"


def _asked(request, ledger: str) -> dict | None:
    """The private link of the question this visitor has just asked on this ledger (shown once, where the form
    was), or None. Taken from the session, so the page is then rendered for this visitor alone."""
    if ASKED_KEY not in request.session:
        return None
    held = request.session[ASKED_KEY]
    if held.get("ledger") != ledger:
        return None
    del request.session[ASKED_KEY]
    path = reverse("funds_public:question", args=[held["token"]])
    return {"path": path, "url": request.build_absolute_uri(path), "days": retention.link_days()}


def _rendered_ledger(key, template, make_context) -> tuple[str, ...]:
    """The cached fragment of a ledger, split at SPLIT markers (per-visitor parts go between them)."""
    html = public_cache.cached(key, lambda: render_to_string(template, make_context()))
    return tuple(mark_safe(part) for part in html.split(SPLIT))  # noqa: S308 - our own template's output


def levy_ledger(request, token, pk):
    """The public ledger of a levy. For GET the whole page is cached (funds.cache.levy_page_key); the CSRF token
    and the "find my room" answer are put into the cached page per request. A POST (a question), the visit
    right after asking (the confirmation) and a visit with a message to show are rendered for that visitor
    alone."""
    key = None
    asked = None
    if request.method == "GET" and ASKED_KEY in request.session:
        asked = _asked(request, f"levy:{pk}")
    if request.method == "GET" and not asked and not public_cache.has_messages(request):
        key = cache.levy_page_key(request, token, pk)
        page = public_cache.cached_get(key)
        if page is not None and not request.GET:
            return public.noindex(HttpResponse(public_cache.fill(page, request, {FOUND_MARK.encode(): b""})))
    levy = get_object_or_404(
        Levy.objects.select_related("compound__community", "fund"), compound__public_token=token, pk=pk
    )
    compound = levy.compound
    community = compound.community
    show_names = community.public_names_masked

    def fragment_context():
        return {
            "compound": compound,
            "levy": levy,
            "f": levy_figures_one(levy),
            "buildings": levy_rooms(levy, show_names),
            "expenses": list(expenses_of(levy=levy)),
            "show_names": show_names,
        }

    def page_context(form, found_html, asked=None):
        summary, expenses, rooms = _rendered_ledger(
            cache.ledger_key(levy, community), "funds/public/_levy_ledger.html", fragment_context
        )
        return {
            **_place_context(compound),
            "levy": levy,
            "summary": summary,
            "expenses": expenses,
            "rooms": rooms,
            "find": FindRoomForm(),
            "found_html": found_html,
            "questions": inquiries_public(levy=levy),
            "snapshots": snapshots_of(levy=levy),
            "form": form,
            "asked": asked,
        }

    find = FindRoomForm(request.GET or None)
    found_html = ""
    if find.is_valid() and find.cleaned_data["room"]:
        found_html = render_to_string(
            "funds/public/_found.html",
            {"found": find_rooms(levy, find.cleaned_data["room"], show_names)},
            request=request,
        )
    if key is None:
        form, sent = _ask(request, compound, levy=levy, expenses=expenses_of(levy=levy))
        if sent:
            return HttpResponseRedirect(reverse("funds_public:levy", args=[token, levy.pk]) + "#asked")
        context = page_context(form, mark_safe(found_html), asked)  # noqa: S308 - our own template's output
        return public.noindex(render(request, "funds/public/levy.html", context))

    def render_page() -> bytes:
        form = InquiryForm(expenses=expenses_of(levy=levy), prefix="ask")
        context = {
            **page_context(form, mark_safe(FOUND_MARK)),  # noqa: S308 - a constant
            **public_cache.cached_context(request),
        }
        return render_to_string("funds/public/levy.html", context, request=request).encode()

    marks = {FOUND_MARK.encode(): found_html.encode()}
    return public.noindex(public_cache.cached_page(request, key, render_page, marks))


def fund_ledger(request, token, pk):
    """A fund's ledger as read from a board: a compound's own fund, or a community-wide one (from any of the
    community's boards; questions are asked from a compound's board and keep that compound)."""
    place = public.place_for_token(token)
    fund = get_object_or_404(ledgers_for(place).funds(), pk=pk)
    compound = place if isinstance(place, Compound) else None

    def fragment_context():
        incomes = list(incomes_of(fund))
        full_names = partners_settings_for(fund.community).public_names_full
        for income in incomes:
            income.public_donor = public_donor(income, full_names=full_names)
            income.outgoing = income.source_fund_id == fund.pk
        levies = fund.levies.filter(compound=compound).order_by("-created_at") if compound else []
        return {
            **_place_context(place),
            "fund": fund,
            "f": fund_figures([fund])[fund.pk],
            "levies": list(levies),
            "incomes": incomes,
            "expenses": list(expenses_of(fund=fund)),
        }

    form, sent = _ask(request, place, fund=fund, expenses=expenses_of(fund=fund))
    if sent:
        return HttpResponseRedirect(reverse("funds_public:fund", args=[token, fund.pk]) + "#asked")
    (summary,) = _rendered_ledger(
        cache.fund_page_key(request, place, fund), "funds/public/_fund_ledger.html", fragment_context
    )
    context = {
        **_place_context(place),
        "fund": fund,
        "summary": summary,
        "questions": inquiries_public(fund=fund),
        "snapshots": snapshots_of(fund=fund),
        "form": form,
        "asked": _asked(request, _ledger_name(None, fund)) if request.method == "GET" else None,
    }
    return public.noindex(render(request, "funds/public/fund.html", context))


@require_GET
def question_page(request, token):
    """The asker's private link to their question: its state and the answers, until the link ends
    (funds.retention). Never cached, never indexed; the contact they left is not shown."""
    inquiry = get_object_or_404(inquiry_for_link(token))
    if retention.link_ended(inquiry):
        raise Http404
    context = {"inquiry": inquiry, "days": retention.link_days()}
    return public.noindex(render(request, "funds/public/question.html", context))


# --- 公示 snapshots and the printable notice -------------------------------------------------------


def _snapshot(place, pk) -> tuple[Snapshot, list]:
    snapshot = get_object_or_404(ledgers_for(place).snapshots().select_related("levy", "fund"), pk=pk)
    return snapshot, list(snapshot.corrections.order_by("created_at", "id"))


@require_GET
def snapshot_page(request, token, pk):
    place = public.place_for_token(token)
    snapshot, corrections = _snapshot(place, pk)

    def render_page() -> bytes:
        context = {
            **_place_context(place),
            "snapshot": snapshot,
            "corrections": corrections,
            "content": snapshot.content,
            "matches": services.snapshot_matches(snapshot),
            **public_cache.cached_context(request),
        }
        return render_to_string("funds/public/snapshot.html", context, request=request).encode()

    if public_cache.has_messages(request):
        context = {**_place_context(place), "snapshot": snapshot, "corrections": corrections}
        context |= {"content": snapshot.content, "matches": services.snapshot_matches(snapshot)}
        return public.noindex(render(request, "funds/public/snapshot.html", context))
    key = cache.snapshot_page_key(request, place, snapshot, corrections)
    return public.noindex(public_cache.cached_page(request, key, render_page))


@require_GET
def board_find(request, token):
    """ "Find my room" from a compound's board (the form is on its first screen): for each levy residents may
    see, whether the room has paid, linking to the levy's ledger. Per visitor, not cached (two queries for the
    rooms, however many levies); the board's htmx form swaps in #found, and without JavaScript this is a page."""
    place = public.place_for_token(token)
    if not isinstance(place, Compound):
        raise Http404
    community = cache.place_community(place)
    find = FindRoomForm(request.GET or None)
    found = None
    if find.is_valid() and find.cleaned_data["room"]:
        found = find_rooms_on_board(place, find.cleaned_data["room"], community.public_names_masked)
    context = {**_place_context(place), "find": find, "found": found}
    return public.noindex(render(request, "funds/public/find.html", context))


@require_GET
def snapshot_print(request, token, pk):
    """The printable notice of a snapshot. Its QR code opens the board (where "find my room" is on the first
    screen and this notice one tap away), not the snapshot itself: a resident scanning it wants their room."""
    place = public.place_for_token(token)
    snapshot, corrections = _snapshot(place, pk)
    link = request.build_absolute_uri(reverse("public_board", args=[token]))
    context = {
        **_place_context(place),
        "snapshot": snapshot,
        "corrections": corrections,
        "content": snapshot.content,
        "link": link,
        "qr": public.qr_svg(link, scale=5),
    }
    return public.noindex(render(request, "funds/public/snapshot_print.html", context))


# --- receipt check (the QR code on a receipt) ------------------------------------------------------


@require_GET
def receipt_verify(request, token):
    payment = receipt_for_check(token)
    return public.noindex(render(request, "funds/public/receipt_verify.html", {"payment": payment}))
