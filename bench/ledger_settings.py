"""Settings of bench/ledger.py: production settings, with a URLconf that adds a bare reference view."""

import os

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.ledger_urls"
STATIC_ROOT = os.environ.get("HEHUO_BENCH_STATIC_ROOT", "/tmp/hehuo-bench-static")  # noqa: S108 - bench only
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
