"""A public page cached per version: the one cache helper of every page residents read.

A public page (a compound's board, a levy's or a fund's ledger, a 公示 snapshot) is the same for every visitor
of one language and text size, and it changes only when what it shows changes. So it is cached under a key made
of what it shows and their **versions** (a ledger's `ledger_version`, a board section's `version(place)`,
...), the language, the text size and the community's **names version**. Nothing is ever invalidated: a change
makes a new key and the old entry expires after TIMEOUT seconds.

The names version (`Community.names_version`) is a per-community counter inside every key, bumped in the same
transaction as any change to whose name may be shown (the masking choice, a head of household, later a
partner's public-naming consent), so a withdrawn consent takes effect at the next request.

Per-visitor bits are put into the cached bytes per request: the CSRF token (a mark derived from the secret key,
which residents' escaped text cannot produce) and any other marks the page names (e.g. the "find my room"
answer, an HTML comment). Pages with messages to show, or a form with errors, are rendered for that visitor
alone (see `cached_page`).

Two tiers: a small in-process LRU (content under a versioned key never changes, so keeping it is safe) in front
of the shared Django cache (several app servers share it). Both expire after TIMEOUT seconds, which also bounds
how long a roster edit waits to appear where no version names it.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from .context_processors import TEXT_SIZE_COOKIE

TIMEOUT = 600
LOCAL_MAX = 64
# Bump when the cached templates change shape, so that old pages are not served after a deploy.
TEMPLATE_VERSION = 8

CSRF_MARK = "csrf" + hashlib.sha256(f"{settings.SECRET_KEY}:public-csrf-mark".encode()).hexdigest()[:24]
_CSRF_MARK_BYTES = CSRF_MARK.encode()

_local: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()


# --- keys ------------------------------------------------------------------------------------------------


def names_part(community) -> str:
    """The community's name choices in a key: the masking switch and the names version."""
    masked = "masked" if community.public_names_masked else "nonames"
    return f"{masked}.n{community.names_version}"


def page_key(kind: str, community, *parts, request=None) -> str:
    """The key of a public page: its kind, what it shows and their versions, the language, the community's
    names version and (with a request) the text size. Hashed, so any part may be long."""
    large_text = bool(request is not None and request.COOKIES.get(TEXT_SIZE_COOKIE) == "large")
    text = ":".join(
        str(part)
        for part in (TEMPLATE_VERSION, kind, *parts, get_language() or "", names_part(community), large_text)
    )
    return f"public:{kind}:" + hashlib.sha256(text.encode()).hexdigest()


def born(obj, field: str = "created_at") -> int:
    """When a row was created, in a key: tells apart two rows that share an id (a database rebuilt)."""
    created = getattr(obj, field, None)
    return int(created.timestamp() * 1_000_000) if created else 0


# --- the two tiers -------------------------------------------------------------------------------------


def _local_get(key: str) -> Any:
    with _lock:
        hit = _local.get(key)
        if hit is None:
            return None
        expires, value = hit
        if expires < time.monotonic():
            del _local[key]
            return None
        _local.move_to_end(key)
        return value


def _local_set(key: str, value: Any) -> None:
    with _lock:
        _local[key] = (time.monotonic() + TIMEOUT, value)
        _local.move_to_end(key)
        while len(_local) > LOCAL_MAX:
            _local.popitem(last=False)


def clear_local() -> None:
    with _lock:
        _local.clear()


def cached_get(key: str) -> Any:
    """The value under `key` from either tier, or None (nothing is rendered)."""
    value = _local_get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            _local_set(key, value)
    return value


def cached(key: str, render: Callable[[], Any]) -> Any:
    """The value under `key`, made by `render()` on a miss in both tiers."""
    value = _local_get(key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, TIMEOUT)
    _local_set(key, value)
    return value


# --- whole pages ----------------------------------------------------------------------------------------


class PathOnly:
    """Stands in for the request in a cached page: the footer's "next" links back without the query string."""

    def __init__(self, request):
        self.path = request.path

    def get_full_path(self) -> str:
        return self.path


def has_messages(request) -> bool:
    """Whether a message waits for this visitor (then the page is rendered for them alone)."""
    storage = messages.get_messages(request)
    pending = bool(list(storage))
    storage.used = False  # keep them for the page that shows them
    return pending


def cached_context(request) -> dict:
    """What a page rendered for the cache gets instead of per-visitor context: a CSRF mark, no messages."""
    return {"csrf_token": CSRF_MARK, "messages": (), "request": PathOnly(request)}


def fill(page: bytes, request, marks: dict[bytes, bytes] | None = None) -> bytes:
    """A cached page with this visitor's CSRF token (and the given marks) put in."""
    page = page.replace(_CSRF_MARK_BYTES, get_token(request).encode())
    for mark, value in (marks or {}).items():
        page = page.replace(mark, value)
    return page


def cached_page(request, key: str, render: Callable[[], bytes], marks: dict[bytes, bytes] | None = None):
    """The response of a public page cached under `key`: `render()` (bytes, rendered with `cached_context`)
    on a miss. Call it only for a GET without messages to show (see `has_messages`)."""
    page = cached(key, render)
    return HttpResponse(fill(page, request, marks))
