"""The page cache of the published ledgers.

A ledger's public fragment (figures, expenses, rooms) is the same for every visitor of one language, and it
changes only with an entry of that ledger: every entry moves the levy's or fund's `ledger_version` in the same
transaction (`_move_ledger_versions` in funds/services/_common.py). So the fragment is cached under a key made
of the ledger, its version, the language and the community's name-masking choice; a new entry makes a new key
and the old one simply expires.
Per-visitor bits (the CSRF token, the access-code and question forms, the "find my room" result) are rendered
outside the fragment.

Two tiers: a small in-process LRU (content under a versioned key never changes, so keeping it is safe) in front
of the shared Django cache (several app servers share it). Both expire after TIMEOUT seconds, which bounds how
long a roster edit (a head of household's name) waits to appear.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

TIMEOUT = 600
LOCAL_MAX = 64
# Bump when the fragment templates change shape, so old fragments are not served after a deploy.
TEMPLATE_VERSION = 5

_local: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()


def ledger_key(obj, community) -> str:
    kind = obj._meta.model_name
    # created_at tells apart two ledgers that happen to share an id (e.g. a database rebuilt from scratch).
    born = int(obj.created_at.timestamp() * 1_000_000) if obj.created_at else 0
    return ":".join(
        [
            "funds-ledger",
            str(TEMPLATE_VERSION),
            kind,
            str(obj.pk),
            str(born),
            f"v{obj.ledger_version}",
            get_language() or "",
            "masked" if community.public_names_masked else "nonames",
        ]
    )


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
    """The value (a str or bytes) under `key` from either tier, or None (no rendering)."""
    value = _local_get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            _local_set(key, value)
    return value


def cached_fragment(key: str, render: Callable[[], Any]) -> Any:
    """The fragment under `key`, rendered by `render()` on a miss in both tiers."""
    value = _local_get(key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, TIMEOUT)
    _local_set(key, value)
    return value
