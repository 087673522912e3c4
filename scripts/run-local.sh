#!/bin/sh
# `make run`: migrate the zero-configuration SQLite database, load the demo once, schedule the daily jobs, start
# the task worker, serve.
set -e
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
$PY manage.py load_demo
# The daily jobs (purges, retention): the worker runs them at 03:00 and each run enqueues the next.
$PY manage.py daily --schedule
cat <<TXT

  幸福合伙人 · Happiness Partners is running on http://127.0.0.1:$PORT/

  Demo logins (password for all: hehuo-demo-2026):
    sl_admin      双龙社区 community admin
    sl_treasurer  双龙社区 treasurer
    sl_staff      双龙社区 staff
    sl_observer   双龙社区 observer (street office)
    gh_admin      桂花社区 community admin (the second community)
    gh_staff      桂花社区 staff
    platform      platform admin (Django admin at /admin/)

  Two-factor sign-in is off in this local demo; HEHUO_REQUIRE_MFA=1 make run turns it on.

TXT
$PY manage.py db_worker --interval 1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null' EXIT INT TERM
$PY manage.py runserver "127.0.0.1:$PORT"
