"""Helpers shared by the needs services: text limits, tenancy checks, tokens, the need's clock and its updates."""

import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from communities.errors import DomainError
from communities.text import clean_text

from ..models import Need, NeedUpdate


def text(value, *, max_length: int, field: str, required: bool = False, what: str = "") -> str:
    value = clean_text(value)
    if required and not value:
        raise DomainError(what or _("This field is required."), field=field)
    if len(value) > max_length:
        raise DomainError(_("Keep it under %(n)s characters.") % {"n": max_length}, field=field)
    return value


def same_community(community, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.community_id != community.pk:
            raise DomainError(_("That belongs to another community."))


def new_token() -> tuple[str, str]:
    """(token, its hash): the token goes into a link once; only the hash is stored."""
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def lock(need: Need) -> Need:
    """The need's row, locked for the rest of the transaction (two staff moving it at once wait in turn)."""
    return Need.objects.select_for_update().get(pk=need.pk)


def touch(need: Need) -> None:
    """Move the need's `updated_at` (the board's cache version) after a change to its me-toos, pledges,
    deliveries or coverage."""
    Need.objects.filter(pk=need.pk).update(updated_at=timezone.now())


def update_add(
    *, need: Need, text_: str, public: bool, actor, from_state: str = "", to_state: str = ""
) -> NeedUpdate:
    return NeedUpdate.objects.create(
        community_id=need.community_id,
        need=need,
        text=text_,
        public=public,
        from_state=from_state,
        to_state=to_state,
        actor=actor if getattr(actor, "pk", None) else None,
    )
