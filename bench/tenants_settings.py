"""Settings of bench/tenants.py's in-process measurements: production settings (bench.ledger_settings: with the
bare view) and a local-memory cache that the bench empties before every request, so that each page's time is
its database work, not a cache hit."""

from bench.ledger_settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
