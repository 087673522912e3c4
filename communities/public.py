"""The public gate: everything a page without an account needs to know who it is for.

- **Token -> place.** `/p/<token>/` is a compound's board or a community's board (`place_for_token`); a
  compound's own pages take `compound_for_token`. An unknown token is a 404. On PostgreSQL a compound's
  token is looked up by one prepared statement: it runs on every board visit, and the ORM's select_related
  query spent about 1 ms a visit being built (bench/needs.py, issue 14).
- **户码 -> household.** `gate_enter` checks a household access code (rate-limited per client address and
  compound, as allauth's limiter keys it) and, when it belongs to a household of the compound, keeps that
  household verified in the session for GATE_MINUTES, bound to a hash of its current code. `gate_household`
  gives the verified household back on every later request after checking that hash again, so a replaced code
  ends the session at its next request. `gate_leave` ends it. A form that allows one answer per household
  (confirming a payment, later a ballot or a "me too") takes the household from here, never from a posted id.
- **noindex** on every public response, and the **QR code** of printed notices.
"""

import hashlib
import hmac
import io
import time

import segno
from allauth.core import ratelimit
from django.conf import settings
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import prepared
from .models import Community, Compound, Household
from .services import household_find_by_code

GATE_MINUTES = 30
_SESSION_KEY = "hehuo_gate"


# --- places ---------------------------------------------------------------------------------------------


def compound_for_token(token: str) -> Compound:
    return get_object_or_404(Compound.objects.select_related("community"), public_token=token)


_PLACE_STATEMENT = "communities_place_for_token"


def _compound_prepared(token: str) -> Compound | None:
    """The compound of this token with its community, from one prepared statement (PostgreSQL only: its rows
    come back as Python values the models take as they are; SQLite's need the ORM's converters).

    A board's every visit looks its place up before anything else; the same lookup built by the ORM
    (select_related) cost about 1 ms a visit, compiling rather than running (bench/needs.py)."""
    compound_fields = Compound._meta.concrete_fields
    community_fields = Community._meta.concrete_fields
    columns = [f"c.{connection.ops.quote_name(f.column)}" for f in compound_fields]
    columns += [f"co.{connection.ops.quote_name(f.column)}" for f in community_fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {Compound._meta.db_table} c "  # noqa: S608 - the models' own columns
        f"JOIN {Community._meta.db_table} co ON co.id = c.community_id WHERE c.public_token = %s"
    )
    row = prepared.fetchone(_PLACE_STATEMENT, sql, [token], ["varchar"])
    if row is None:
        return None
    n = len(compound_fields)
    compound = Compound.from_db(connection.alias, [f.attname for f in compound_fields], row[:n])
    community = Community.from_db(connection.alias, [f.attname for f in community_fields], row[n:])
    Compound.community.field.set_cached_value(compound, community)
    return compound


def place_for_token(token: str) -> Compound | Community:
    """The compound or the community whose board this token opens (one query when it is a compound's)."""
    if connection.vendor == "postgresql":
        compound = _compound_prepared(token)
    else:
        compound = Compound.objects.select_related("community").filter(public_token=token).first()
    if compound is not None:
        return compound
    community = Community.objects.filter(public_token=token).first()
    if community is None:
        raise Http404
    return community


def noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def qr_svg(data: str, scale: int = 6) -> str:
    """An inline SVG QR code (no download, no external service): opens in WeChat's browser too."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer,
        kind="svg",
        scale=scale,
        border=2,
        xmldecl=False,
        svgns=True,
        svgclass="qr",
        lineclass=None,
        omitsize=True,  # a viewBox only: the page sets its printed size
    )
    return mark_safe(buffer.getvalue().decode())  # noqa: S308 - segno's own SVG, no user markup in it


# --- the household gate ---------------------------------------------------------------------------------


def _code_hash(household: Household) -> str:
    """Binds a verified session to the household's current code without keeping the code in the session."""
    message = f"{household.pk}:{household.access_code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def gate_enter(request, compound: Compound, code: str) -> tuple[Household | None, str]:
    """Check a 户码 for the compound: (the household, "") and the session verified, or (None, why not)."""
    if not ratelimit.consume(request, action="access_code", key=compound.public_token):
        return None, _("Too many attempts. Wait a few minutes and try again.")
    household = household_find_by_code(community=compound.community, code=code)
    if household is None or household.compound_id != compound.pk:
        return None, _("No household of this compound has this code. Check the slip and try again.")
    request.session[_SESSION_KEY] = {
        "household": household.pk,
        "compound": compound.pk,
        "hash": _code_hash(household),
        "until": time.time() + GATE_MINUTES * 60,
    }
    request.session.cycle_key()  # a new session id once a credential was shown
    return household, ""


def gate_household(request, compound: Compound) -> Household | None:
    """The household verified in this session for this compound, or None (and the session ended) when the
    time is up, or its code has been replaced since."""
    held = request.session.get(_SESSION_KEY)
    if not held:
        return None
    if held.get("compound") != compound.pk:
        return None
    household = (
        Household.objects.select_related("building", "compound", "community")
        .filter(pk=held.get("household"), compound=compound)
        .first()
    )
    if (
        household is None
        or held.get("until", 0) < time.time()
        or not hmac.compare_digest(held.get("hash", ""), _code_hash(household))
    ):
        gate_leave(request)
        return None
    return household


def gate_leave(request) -> None:
    request.session.pop(_SESSION_KEY, None)
