"""Residents' pages of the needs list (no account): a compound's full list (20 a page), a need's own page, the
"me too" button (once per household through the 户码 gate, once per browser otherwise), sending a need from the
board (rate-limited, reviewed before it is public), the submitter's private follow link, and the printed A4
notice with its QR code. Lists and need pages are cached per version through communities.public_cache."""

import secrets

from allauth.core import ratelimit
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communities import public, public_cache
from communities.errors import DomainError

from .. import public_queries, services
from ..forms import SubmitForm
from ..services._common import hash_token

BROWSER_COOKIE = "hehuo_browser"
NOTICE_NEEDS = 12


def _private(response):
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return public.noindex(response)


def _key(request, compound, kind, *parts):
    return public_cache.page_key(
        kind,
        compound.community,
        compound.pk,
        public_cache.born(compound),
        public_queries.board_version(compound),
        *parts,
        request=request,
    )


@require_GET
def need_list(request, token):
    """/p/<token>/needs/: the compound's open needs (or ?show=done / declined), 20 a page."""
    compound = public.compound_for_token(token)
    show = request.GET.get("show", "")
    if show not in ("", "done", "declined"):
        show = ""
    page_number = request.GET.get("page", "1")

    def render_page(extra):
        page, rows = public_queries.list_page(compound, show=show, page=page_number)
        query = f"show={show}" if show else ""
        context = {
            "compound": compound,
            "community": compound.community,
            "page": page,
            "needs": rows,
            "show": show,
            "query": query,
            **extra,
        }
        return render_to_string("needs/public/list.html", context, request=request).encode()

    if public_cache.has_messages(request):
        return public.noindex(_uncached(request, render_page))
    key = _key(request, compound, "needs-list", show, page_number)
    return public.noindex(
        public_cache.cached_page(request, key, lambda: render_page(public_cache.cached_context(request)))
    )


def _uncached(request, render_page):
    from django.http import HttpResponse

    return HttpResponse(render_page({}))


@require_GET
def need_page(request, token, pk):
    """/p/<token>/needs/<pk>/: one need with its public updates and photos; a merged one leads to its target."""
    compound = public.compound_for_token(token)
    need = public_queries.need_public(compound, pk)
    if need.merged_into_id:
        return public.noindex(redirect("needs_public:need", token=token, pk=need.merged_into_id))

    def render_page(extra):
        context = {
            "compound": compound,
            "community": compound.community,
            **public_queries.need_page(need, compound.community),
            **extra,
        }
        return render_to_string("needs/public/need.html", context, request=request).encode()

    if public_cache.has_messages(request):
        return public.noindex(_uncached(request, render_page))
    key = _key(request, compound, "need", need.pk)
    return public.noindex(
        public_cache.cached_page(request, key, lambda: render_page(public_cache.cached_context(request)))
    )


@require_POST
def metoo(request, token, pk):
    """Add or take back a "me too": the household verified by the gate when there is one, else this browser."""
    compound = public.compound_for_token(token)
    need = public_queries.need_public(compound, pk)
    back = request.POST.get("next") or ""
    if not back.startswith("/p/"):
        back = reverse("needs_public:need", args=[token, need.pk])
    if not ratelimit.consume(request, action="metoo", key=token):
        messages.error(request, _("Too many clicks from here. Wait a while and try again."))
        return public.noindex(redirect(back))
    household = public.gate_household(request, compound)
    browser_mark = request.COOKIES.get(BROWSER_COOKIE) or ""
    new_mark = ""
    if not browser_mark or len(browser_mark) > 64:
        browser_mark = new_mark = secrets.token_urlsafe(24)
    browser = hash_token(browser_mark)
    try:
        if request.POST.get("action") == "withdraw":
            services.metoo_withdraw(need=need, household=household, browser=browser)
            messages.success(request, _("Your “me too” is taken back."))
        else:
            services.metoo_add(need=need, household=household, browser=browser)
            if household is not None:
                messages.success(request, _("Counted: %(room)s needs this too.") % {"room": household.label})
            else:
                messages.success(request, _("Counted: you need this too."))
    except DomainError as error:
        messages.error(request, error.message)
    response = redirect(back)
    if new_mark:
        response.set_cookie(
            BROWSER_COOKIE,
            new_mark,
            max_age=3 * 365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return public.noindex(response)


def need_submit(request, token):
    """/p/<token>/needs/new/: a resident sends a need. It waits for review; the resident's next page is their
    private follow link."""
    compound = public.compound_for_token(token)
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not ratelimit.consume(request, action="need_submit", key=token):
            form.add_error(None, _("Too many needs sent from here. Wait a while and try again."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                _need, link_token = services.need_submit(
                    compound=compound,
                    title=data["title"],
                    category=data["category"],
                    description=data["description"],
                    name=data["name"],
                    contact=data["contact"],
                    show_name_masked=data["show_name_masked"],
                    photos=[data["photo"]] if data.get("photo") else None,
                )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(
                    request,
                    _("Sent. Staff read it before it goes on the board. Keep this page's link to follow it."),
                )
                return _private(redirect("needs_public:follow", token=link_token))
    context = {"compound": compound, "community": compound.community, "form": form}
    return _private(render(request, "needs/public/submit.html", context))


@require_GET
def follow(request, token):
    """/n/<token>/: the submitter's private link: their need, its public progress, and their own contact."""
    need = public_queries.need_by_follow_link(token)
    if need is None:
        raise Http404
    context = {
        "need": need,
        "compound": need.compound,
        "community": need.community,
        "link": request.build_absolute_uri(request.path),
        "updates": list(need.updates.filter(public=True).order_by("-created_at", "-id")),
        "shown_name": public_queries.shown_name(need, need.community),
    }
    return _private(render(request, "needs/public/follow.html", context))


@require_GET
def notice(request, token):
    """/p/<token>/needs/notice/: the A4 notice of the needs list: as many open needs as fit one page, then "and N
    more: scan the QR code"."""
    compound = public.compound_for_token(token)
    rows, more = public_queries.notice_rows(compound, NOTICE_NEEDS)
    link = request.build_absolute_uri(reverse("needs_public:list", args=[token]))
    context = {
        "compound": compound,
        "community": compound.community,
        "needs": rows,
        "more": more,
        "link": link,
        "qr": public.qr_svg(link, scale=5),
    }
    return public.noindex(render(request, "needs/public/notice.html", context))
