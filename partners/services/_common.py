"""Helpers shared by the partners services: phones, tokens, dates, text."""

import datetime
import hashlib
import re
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from communities.errors import DomainError
from communities.labels import canonical_phone
from communities.text import strip_bidi

# The version of the consent texts shown on the forms (partners/templates); a new wording gets a new version,
# and each Consent row keeps the version it was given on.
CONSENT_TEXT_VERSION = "2026-11"
SKILL_SPLIT = re.compile(r"[,，、;；/\s]+")


def new_token() -> tuple[str, str]:
    """(token, its hash): the token goes into the link once; only the hash is stored."""
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def clean_mobile(value: str, *, field: str = "mobile", required: bool = False) -> str:
    """'138 1234 5678' -> '13812345678'; a landline keeps its area-code dash; refused with a message otherwise."""
    phone = canonical_phone(value)
    if phone is None:
        raise DomainError(
            _("“%(value)s” is not a phone number. Enter an 11-digit mobile number starting with 1.")
            % {"value": (value or "").strip()},
            field=field,
        )
    if required and not phone:
        raise DomainError(_("Enter a mobile number, so that staff can reach you."), field=field)
    return phone


def clean_skills(text: str) -> str:
    """'电工、 油漆,电工' -> '电工,油漆' (comma-separated, in order, no repeats)."""
    seen: list[str] = []
    for tag in SKILL_SPLIT.split(strip_bidi(text or "")):
        tag = tag.strip()[:30]
        if tag and tag not in seen:
            seen.append(tag)
    return ",".join(seen)[:300]


def clean_text(value: str, *, max_length: int, field: str, required: bool = False, what: str = "") -> str:
    value = strip_bidi(value or "").strip()
    if required and not value:
        raise DomainError(what or _("This field is required."), field=field)
    if len(value) > max_length:
        raise DomainError(
            _("Keep it under %(n)s characters.") % {"n": max_length},
            field=field,
        )
    return value


def not_in_future(day: datetime.date, *, field: str) -> datetime.date:
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field=field)
    return day


def same_community(community, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.community_id != community.pk:
            raise DomainError(_("That belongs to another community."))
