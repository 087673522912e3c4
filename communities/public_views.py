"""Residents' pages of the communities app (no account): a compound's or a community's board, its printable
notice, and a household's own page behind the 户码.

What the boards show comes from the apps above through the `board` and `household` slots (communities.slots);
who the visitor is comes from the public gate (communities.public). A board's GET is cached per version
(communities.public_cache): its key names every section's version, the language, the text size and the
community's names version.

A cached board costs two queries a visit on PostgreSQL, both prepared statements: the place
(communities.public) and every section's version together (`board_versions`). Measured with bench/needs.py
(issue 14): built by the ORM, the four queries of a cached board (place, partners', funds', needs' versions)
took 11.3 ms in process, compiling and planning rather than running, and the board reached 0.057-0.068 of a
bare view's requests/s; with the two prepared statements it takes about 2 ms and reaches 0.29-0.40.
"""

import hashlib
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import prepared, public, public_cache, slots
from .forms import AccessCodeForm
from .models import Community, Compound


def _sections(request, place, extra: dict) -> list[str]:
    """The rendered board sections of a compound or a community, in order. `extra` is the cached page's
    stand-in context (a CSRF mark, no messages) when the page is rendered for the cache."""
    parts = []
    for section in slots.entries("board"):
        context = section.context(request, place)
        if context is not None:
            html = render_to_string(section.template, {**context, **extra}, request=request)
            parts.append(mark_safe(html))  # noqa: S308 - our templates' output
    return parts


def board_versions(place) -> list[tuple[str, Any]]:
    """Every board section's version, in order: those that give their SQL (`BoardSection.version_sql`) in one
    prepared statement (`SELECT * FROM (section 1) v0, (section 2) v1, ...`, one row, named by a hash of its
    text, as the sections registered and the kind of place make it), the others by their `version(place)`.

    It runs on every visit of a board. Each section's version query built by the ORM cost 0.4-3.5 ms a visit
    (the partners' 2.5 ms, the funds' 3.5 ms: compiling and planning, not running); one prepared statement for
    all of them costs one round trip (bench/needs.py)."""
    versions: list[tuple[str, Any]] = []
    parts, params, types = [], [], []
    for section in slots.entries("board"):
        given = section.version_sql(place) if section.version_sql is not None else None
        if given is None:
            value = section.version(place) if section.version_sql is None else ""
            versions.append((section.key, value))
            continue
        sql, section_params, section_types = given
        parts.append(f"({sql.strip()}) AS v{len(parts)}")
        params += section_params
        types += section_types
        versions.append((section.key, None))
    if parts:
        sql = "SELECT * FROM " + ", ".join(parts)  # noqa: S608 - the sections' own constant SQL, values as parameters
        name = "board_versions_" + hashlib.sha256(sql.encode()).hexdigest()[:16]
        row = [str(value) for value in prepared.fetchone(name, sql, params, types) or ()]
        versions.append(("sql", row))  # every SQL-given section's columns, in the sections' order
    return versions


def board_key(request, place) -> str:
    """The cache key of a board: the place, every section's version, language, text size and names version."""
    community = place if isinstance(place, Community) else place.community
    versions = board_versions(place)
    kind = "community" if isinstance(place, Community) else "compound"
    return public_cache.page_key(
        "board", community, kind, place.pk, public_cache.born(place), versions, request=request
    )


def _board_context(request, place, form, extra: dict | None = None) -> dict:
    extra = extra or {}
    if isinstance(place, Community):
        compounds = list(Compound.objects.filter(community=place).order_by("name"))
        return {
            "community": place,
            "compounds": compounds,
            "sections": _sections(request, place, extra),
            **extra,
        }
    return {
        "compound": place,
        "community": place.community,
        "sections": _sections(request, place, extra),
        "form": form,
        **extra,
    }


def public_board(request, token):
    """/p/<token>/: a compound's board (sections, then "my household") or a community's (its compound boards,
    then the community-wide sections). A 户码 posted here opens the household's own page."""
    place = public.place_for_token(token)
    form = AccessCodeForm(request.POST or None) if isinstance(place, Compound) else None
    if request.method == "POST":
        if form is None:
            return public.noindex(redirect("public_board", token=token))
        if form.is_valid():
            household, problem = public.gate_enter(request, place, form.cleaned_data["code"])
            if household is not None:
                return redirect("public_household", token=token)
            form.add_error("code", problem)
        return public.noindex(
            render(request, "communities/public/board.html", _board_context(request, place, form))
        )
    if public_cache.has_messages(request):
        return public.noindex(
            render(request, "communities/public/board.html", _board_context(request, place, form))
        )

    def render_page() -> bytes:
        context = _board_context(request, place, form, public_cache.cached_context(request))
        return render_to_string("communities/public/board.html", context, request=request).encode()

    return public.noindex(public_cache.cached_page(request, board_key(request, place), render_page))


@require_GET
def public_notice(request, token):
    """The printable A4 notice of a board: name, a QR code for the notice board, the short address, and one line
    per section (each app prints its own detail notice)."""
    place = public.place_for_token(token)
    link = request.build_absolute_uri(reverse("public_board", args=[token]))
    lines = [
        line
        for section in slots.entries("board")
        if section.notice
        for line in [section.notice(place)]
        if line
    ]
    context = {
        "place": place,
        "community": place if isinstance(place, Community) else place.community,
        "is_compound": isinstance(place, Compound),
        "link": link,
        "qr": public.qr_svg(link, scale=8),
        "lines": lines,
    }
    return public.noindex(render(request, "communities/public/notice.html", context))


def public_household(request, token):
    """The household's own page behind the 户码: the sections of the `household` slot (charges, payments,
    receipts; later pledges and ballots). Without a verified household it sends the visitor to the board."""
    compound = public.compound_for_token(token)
    household = public.gate_household(request, compound)
    if household is None:
        messages.info(request, _("Enter your household's access code (户码) first."))
        return public.noindex(redirect(reverse("public_board", args=[token]) + "#household"))
    parts = []
    for section in slots.entries("household"):
        context = section.context(request, household)
        if context is not None:
            parts.append(mark_safe(render_to_string(section.template, context, request=request)))  # noqa: S308
    context = {"compound": compound, "household": household, "sections": parts}
    return public.noindex(render(request, "communities/public/household.html", context))


@require_POST
def public_leave(request, token):
    """End the verified household (e.g. on a shared phone)."""
    compound = public.compound_for_token(token)
    public.gate_leave(request)
    messages.success(request, _("You left your household's page. The code is needed again to open it."))
    return public.noindex(redirect("public_board", token=compound.public_token))
