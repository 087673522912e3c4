"""Benchmark of the needs list (issue 14, "Speed"). Not a timed test.

Builds on PostgreSQL (database hehuo_needs_bench, once; --rebuild to build again) a community with one compound
of 2,000 needs in every state and quadrant and 20,000 "me too"s, a public update on every other need, in
set-based SQL; serves the app with gunicorn on 127.0.0.1 (production settings, HTTPS redirect off) and measures:

- the compound's public board (its needs section: the 20 newest open needs with their figures) with wrk, against a
  bare Django view in the same run: board_vs_bare = requests/s of the board / requests/s of the bare view
  (target ≥ 0.25);
- the staff needs list's server time (first page of 2,000, median of sequential requests, signed in as staff;
  target ≤ 200 ms), and filtered to overdue needs;
- the query counts of both pages (in process, Django test client).

Run:  .venv/bin/python bench/needs.py [--rebuild] [--duration S]
Ends with the line
  needs_bench board_vs_bare=… board_rps=… bare_rps=… list_ms=… list_overdue_ms=… board_queries=… list_queries=…
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "hehuo_needs_bench"
HOST = "127.0.0.1"
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@{HOST}:5432/{DB_NAME}")
os.environ.setdefault("HEHUO_BENCH_STATIC_ROOT", "/tmp/hehuo-needs-bench-static")  # noqa: S108 - bench only
sys.path.insert(0, str(ROOT))

from bench.ledger import (  # noqa: E402 - after the environment the settings read
    count_queries,
    ensure_database,
    fetch,
    free_port,
    log,
    manage,
    session_cookie,
    wait_until_up,
    wrk,
)

TOKEN = "bench-needs"  # noqa: S105 - a board's address, not a password


def build(needs: int, metoos: int) -> None:
    from django.db import connection, transaction

    from communities.models import Community

    if Community.objects.filter(slug="bench").exists():
        log("data already built (use --rebuild to build again)")
        return
    log(f"building {needs} needs and {metoos} me-toos")
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO communities_community (name, slug, street, public_names_masked, public_token, "
            "names_version, created_at) VALUES ('基准社区', 'bench', '基准街道', false, 'bench-community', 0, now()) "
            "RETURNING id"
        )
        (community,) = c.fetchone()
        c.execute(
            "INSERT INTO communities_compound (name, notes, public_token, created_at, community_id) "
            "VALUES ('基准小区', '', %s, now(), %s) RETURNING id",
            [TOKEN, community],
        )
        (compound,) = c.fetchone()
        c.execute(
            """
            INSERT INTO needs_need (community_id, compound_id, title, description, category, channel, raised_by,
                submitter_name, show_name_masked, contact_private, review, quadrant, rationale, state, state_since,
                plan, responsible_note, result, decline_reason, coverage_label, created_at, updated_at)
            SELECT %s, %s, '需求 ' || n, '楼道里的问题 ' || n,
                (ARRAY['safety','environment','facilities','parking','elderly','children','culture','other'])[1 + n %% 8],
                (ARRAY['doorstep','bench','coplanning','wechat','online','phone','walk_in'])[1 + n %% 7],
                'anonymous', '', false, '', CASE WHEN n %% 50 = 0 THEN 'pending' ELSE 'published' END,
                (ARRAY['', 'act_now','quick_win','schedule','watch'])[1 + n %% 5],
                CASE WHEN n %% 5 = 0 THEN '' ELSE '居民反映多' END,
                (ARRAY['collected','deliberation','planned','in_progress','done','declined'])[1 + n %% 6],
                now() - make_interval(days => n %% 90), '', '', CASE WHEN n %% 6 = 4 THEN '已办好' ELSE '' END,
                CASE WHEN n %% 6 = 5 THEN '不在小区范围' ELSE '' END, '',
                now() - make_interval(mins => n * 30), now() - make_interval(mins => n * 30)
            FROM generate_series(1, %s) n
            """,
            [community, compound, needs],
        )
        c.execute(
            """
            INSERT INTO needs_metoo (community_id, need_id, household_id, browser, created_at)
            SELECT %s, (SELECT min(id) FROM needs_need WHERE community_id = %s) + (n %% %s),
                   NULL, md5('b' || n) || md5('c' || n), now()
            FROM generate_series(1, %s) n
            """,
            [community, community, needs, metoos],
        )
        c.execute(
            """
            INSERT INTO needs_needupdate (community_id, need_id, text, public, from_state, to_state, created_at)
            SELECT community_id, id, '已与业委会沟通', true, '', '', now() FROM needs_need
            WHERE community_id = %s AND id %% 2 = 0
            """,
            [community],
        )
    with connection.cursor() as c:
        c.execute("ANALYZE")
    log(f"built in {time.monotonic() - started:.1f}s")


def bench_user():
    from django.contrib.auth import get_user_model

    from communities.models import Community, Membership, Role

    user, _ = get_user_model().objects.get_or_create(username="bench_needs_staff")
    Membership.objects.get_or_create(
        community=Community.objects.get(slug="bench"), user=user, defaults={"role": Role.STAFF}
    )
    return user


def median_ms(url: str, cookie: str, marker: bytes, n: int = 30) -> float:
    fetch(url, cookie)
    times = []
    deadline = time.monotonic() + 60
    for _ in range(n):
        if time.monotonic() > deadline:
            break
        start = time.perf_counter()
        status, page = fetch(url, cookie)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200 and marker in page, f"{url} did not render"
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--needs", type=int, default=2_000)
    parser.add_argument("--metoos", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=10, help="wrk seconds per page (max 60)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("the benchmark runs on PostgreSQL: set DATABASE_URL")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    duration = max(1, min(args.duration, 60))
    ensure_database(args.rebuild)
    log("migrating, cache table, static files")
    manage("migrate", "-v0")
    manage("createcachetable")
    manage("collectstatic", "--noinput", "-v0")

    import django

    django.setup()
    from django.urls import reverse

    build(args.needs, args.metoos)
    user = bench_user()
    board_path = reverse("public_board", args=[TOKEN])
    list_path = reverse("needs:needs", args=["bench"])
    overdue_path = list_path + "?overdue=on"
    bare_path = reverse("bench_bare")
    board_queries = count_queries(board_path)
    list_queries = count_queries(list_path, user)
    cookie = session_cookie(user)

    port = free_port()
    base = f"http://{HOST}:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(args.workers),
            "--no-control-socket",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ},
        start_new_session=True,
    )
    try:
        wait_until_up(base + bare_path)
        status, body = fetch(base + board_path)
        assert status == 200 and b'data-section="needs"' in body, "the board did not render"
        for _ in range(args.workers * 4):
            fetch(base + board_path)
        size_kb = len(body) / 1024
        bare_rps = wrk(base + bare_path, duration)
        board_rps = wrk(base + board_path, duration)
        list_ms = median_ms(base + list_path, cookie, b"needs-table")
        overdue_ms = median_ms(base + overdue_path, cookie, b"needs-table")
        # The board rendered afresh (a change to a need moves the section's version): its first request's time.
        uncached = []
        for _ in range(5):
            from django.db import connection

            with connection.cursor() as c:
                c.execute(
                    "UPDATE needs_need SET updated_at = now() WHERE id = (SELECT max(id) FROM needs_need "
                    "WHERE community_id = (SELECT id FROM communities_community WHERE slug = 'bench'))"
                )
            start = time.perf_counter()
            fetch(base + board_path)
            uncached.append((time.perf_counter() - start) * 1000)
        board_render_ms = statistics.median(uncached)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    ratio = board_rps / bare_rps
    print()
    print(f"bare Django view:                 {bare_rps:10.1f} requests/s")
    print(
        f"public board ({args.needs:,} needs):     {board_rps:10.1f} requests/s  ({size_kb:.0f} KiB a page)"
    )
    print(f"public board, rendered afresh:    {board_render_ms:10.1f} ms median of 5 after a change")
    print(f"staff needs list, first page:     {list_ms:10.1f} ms median of sequential requests")
    print(f"staff needs list, overdue only:   {overdue_ms:10.1f} ms")
    print(f"queries: board {board_queries} (cached), staff list {list_queries}")
    print(
        f"needs_bench board_vs_bare={ratio:.3f} board_rps={board_rps:.0f} bare_rps={bare_rps:.0f} "
        f"list_ms={list_ms:.1f} list_overdue_ms={overdue_ms:.1f} board_render_ms={board_render_ms:.1f} "
        f"board_queries={board_queries} list_queries={list_queries}"
    )


if __name__ == "__main__":
    main()
