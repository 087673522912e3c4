"""Benchmark: does a community's page cost the same among 1,000 communities? (issue 16, "Benchmark"). Not a test.

Builds on PostgreSQL, once (reused; --rebuild builds again):
- database A (hehuo_tenants_a): the demo (`load_demo`);
- database B (hehuo_tenants_b): a copy of A plus 1,000 communities of 300 households each (two compounds of
  150), each compound with a CCTV levy, its charges, payments (about 95% paid), three expenses and two
  questions (one published with its answer); gap-free receipt numbers with their counter, fund settings,
  ledger versions: every constraint and trigger holds (`verify_ledgers` passes). Set-based SQL, like
  bench/ledger.py. Then VACUUM ANALYZE (autovacuum is off here).

Measures, for 双龙社区 (the same rows, the same ids in both databases):
1. server time and queries of ten pages, in process (Django's test client, production settings, the cache
   emptied before every request so that a page's time is its database work): two processes, one per database,
   asked in turn (A, B, B, A, ...) for each page, `--rounds` times; medians. page ratio = B / A.
2. with gunicorn on B (production settings, REDIS_URL: the cache on Redis, 2 sync workers) and wrk
   (`--connections`, 2 threads), `--duration` seconds a measurement: a bare Django view; the public levy
   ledgers of 50 communities and of 1,000 in turn (a wrk Lua script; every page fetched once before); the
   receipt check of 1,000 receipts in turn; and two floors: the bare view with one `SELECT 1` (any page that
   reads the database), and with that query and one 20 KB read of the shared cache (a page served from Redis,
   not from the process's own memory). Each ratio is measured in pairs, one right after the other (this
   machine is shared and loaded), `--wrk-rounds` times, clear of the levy pages' 5-minute key buckets; the
   final line gives the medians of the pairs' ratios. With --database-cache, the two cycles again on gunicorn
   with the database cache (no REDIS_URL).
3. the levy ledger's size, plain and gzipped.

Ends with  tenant_bench worst_page_ratio=… public_cycle_1000_vs_50=… receipt_vs_bare=… errors=…
Run:  .venv/bin/python bench/tenants.py [--rebuild] [--rounds 41] [--wrk-rounds 5] [--duration 6] [--database-cache]
Needs wrk (apt-get install wrk) and Redis on 127.0.0.1:6379. Every loop is bounded; 127.0.0.1 only.
"""

import argparse
import gzip
import multiprocessing
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
PG = f"postgres://postgres@{HOST}:5432"
DB_A, DB_B = "hehuo_tenants_a", "hehuo_tenants_b"
COMMUNITIES = 1000
REDIS_URL = f"redis://{HOST}:6379/13"
ENV = {
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
    "DJANGO_ALLOWED_HOSTS": HOST,
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "HEHUO_REQUIRE_MFA": "0",  # the staff client signs in by a session, not by TOTP
    "DJANGO_MEDIA_ROOT": "/tmp/hehuo-tenants-media",  # noqa: S108 - bench only
    "HEHUO_BENCH_STATIC_ROOT": "/tmp/hehuo-tenants-static",  # noqa: S108 - bench only
}
os.environ.update(ENV)

from bench.ledger import free_port, log, wait_until_up  # noqa: E402


def psql(database: str, sql: str, params=None, fetch: bool = False):
    import psycopg2

    connection = psycopg2.connect(f"{PG}/{database}")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params if params is not None else [])  # [] so that %% is always %
            return cursor.fetchall() if fetch else None
    finally:
        connection.close()


def manage(database: str, *args: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DJANGO_SETTINGS_MODULE": "bench.ledger_settings",
    }
    subprocess.run([sys.executable, "manage.py", *args], check=True, cwd=ROOT, env=env, timeout=1800)


def exists(database: str) -> bool:
    return bool(psql("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", [database], fetch=True))


# --- building ---------------------------------------------------------------------------------------------

BUILD_B = [
    # 1,000 communities, two compounds each, five buildings of 30 households per compound.
    """INSERT INTO communities_community (name, slug, street, public_names_masked, public_token, names_version,
                                          created_at)
       SELECT '基准社区' || lpad(n::text, 4, '0'), 'bench-' || lpad(n::text, 4, '0'), '基准街道', n %% 2 = 0,
              'bench-c' || n, 0, now()
       FROM generate_series(1, %(communities)s) n""",
    """INSERT INTO communities_compound (name, built_year, built_month, notes, public_token, created_at,
                                         community_id)
       SELECT (ARRAY['一号小区', '二号小区'])[k], 2000, 6, '', 'bench-' || c.id || '-' || k, now(), c.id
       FROM communities_community c CROSS JOIN generate_series(1, 2) k WHERE c.slug LIKE 'bench-%%'""",
    """INSERT INTO communities_building (label, sort_key, community_id, compound_id)
       SELECT b || '栋', b, co.community_id, co.id
       FROM communities_compound co CROSS JOIN generate_series(1, 5) b WHERE co.public_token LIKE 'bench-%%'""",
    """INSERT INTO communities_household (unit, room, room_sort, floor_area, head_name, phone, residents,
           occupancy, renovation, is_low_income, is_elderly_alone, notes, access_code, created_at, updated_at,
           building_id, community_id, compound_id)
       SELECT ((k %% 30) / 15 + 1) || '单元', r.room::text, r.room, 80.00,
              (ARRAY['张','王','李','赵','刘','陈','杨','黄'])[1 + (k %% 8)] || '某',
              '13' || lpad((co.id * 1000 + k)::text, 9, '0'), 3,
              CASE WHEN k %% 20 = 7 THEN 'vacant' ELSE 'occupied' END,
              CASE WHEN k %% 10 = 3 THEN 'unrenovated' ELSE 'renovated' END,
              k %% 53 = 0, k %% 61 = 0, '', 'B' || lpad(to_hex(co.id * 1000 + k), 7, '0'), now(), now(),
              b.id, co.community_id, co.id
       FROM communities_compound co
       CROSS JOIN generate_series(0, 149) k
       CROSS JOIN LATERAL (SELECT ((k %% 15) / 3 + 1) * 100 + k %% 3 + 1 AS room) r
       JOIN communities_building b ON b.compound_id = co.id AND b.sort_key = k / 30 + 1
       WHERE co.public_token LIKE 'bench-%%'""",
    """INSERT INTO funds_fundsettings (expense_approval_threshold, community_id)
       SELECT 1000.00, id FROM communities_community WHERE slug LIKE 'bench-%%'""",
    """INSERT INTO funds_fund (name, kind, description, created_at, community_id, compound_id, ledger_version)
       SELECT co.name || '监控专项', 'levy', '', now(), co.community_id, co.id, 0
       FROM communities_compound co WHERE co.public_token LIKE 'bench-%%'""",
    """INSERT INTO funds_levy (purpose, description, basis, amount, recurrence, scope_renovation, scope_occupancy,
           scope_description, scope_total, scope_charged, due_date, created_at, cancel_reason, community_id,
           compound_id, fund_id, ledger_version)
       SELECT '安装监控', '出入口及楼栋安装监控', 'household', 50.00, 'once', 'renovated', '', '已装修住户',
              n.total, n.renovated, DATE '2026-12-31', now() - interval '30 days', '', f.community_id,
              f.compound_id, f.id, 0
       FROM funds_fund f JOIN communities_community c ON c.id = f.community_id
       JOIN (SELECT compound_id, count(*) AS total, count(*) FILTER (WHERE renovation = 'renovated') AS renovated
             FROM communities_household GROUP BY compound_id) n ON n.compound_id = f.compound_id
       WHERE c.slug LIKE 'bench-%%'""",
    """INSERT INTO funds_charge (period, amount, created_at, community_id, household_id, levy_id, paid, waived)
       SELECT '', l.amount, now(), l.community_id, h.id, l.id,
              CASE WHEN (h.id * 7919) %% 100 < 95 THEN l.amount ELSE 0 END, 0
       FROM funds_levy l JOIN communities_household h ON h.compound_id = l.compound_id
       JOIN communities_community c ON c.id = l.community_id
       WHERE c.slug LIKE 'bench-%%' AND h.renovation = 'renovated'""",
    """INSERT INTO funds_payment (amount, method, receipt_number, idempotency_key, verify_token, note, recorded_at,
                                  charge_id, community_id, household_id, levy_id)
       SELECT ch.paid, (ARRAY['cash','wechat','alipay','bank'])[1 + (ch.id %% 4)],
              row_number() OVER (PARTITION BY ch.community_id ORDER BY ch.id), 'tenants-' || ch.id,
              md5('tenants' || ch.id)::varchar(24), '', now() - make_interval(mins => (ch.id %% 40000)::int),
              ch.id, ch.community_id, ch.household_id, ch.levy_id
       FROM funds_charge ch JOIN communities_community c ON c.id = ch.community_id
       WHERE c.slug LIKE 'bench-%%' AND ch.paid > 0""",
    """INSERT INTO communities_counter (name, last_number, community_id)
       SELECT 'receipt', count(p.id), c.id
       FROM communities_community c LEFT JOIN funds_payment p ON p.community_id = c.id
       WHERE c.slug LIKE 'bench-%%' GROUP BY c.id""",
    """INSERT INTO funds_expense (payee, purpose, amount, receipt_photo, spent_on, recorded_at, community_id,
                                  fund_id, levy_id)
       SELECT '平安电子', '监控设备 第' || n || '批', 300.00, '', DATE '2026-03-01' + n, now(), l.community_id,
              l.fund_id, l.id
       FROM funds_levy l JOIN communities_community c ON c.id = l.community_id
       CROSS JOIN generate_series(1, 3) n WHERE c.slug LIKE 'bench-%%'""",
    """INSERT INTO funds_inquiry (text, contact_private, state, moderated_at, created_at, community_id,
                                  compound_id, levy_id)
       SELECT CASE n WHEN 1 THEN '监控什么时候装好？' ELSE '发票能看吗？' END, '',
              CASE n WHEN 1 THEN 'published' ELSE 'pending' END, CASE n WHEN 1 THEN now() END,
              now() - interval '3 days', l.community_id, l.compound_id, l.id
       FROM funds_levy l JOIN communities_community c ON c.id = l.community_id
       CROSS JOIN generate_series(1, 2) n WHERE c.slug LIKE 'bench-%%'""",
    """INSERT INTO funds_inquiryanswer (text, answered_at, community_id, inquiry_id)
       SELECT '已于三月安装完毕，欢迎监督。', now(), i.community_id, i.id
       FROM funds_inquiry i JOIN communities_community c ON c.id = i.community_id
       WHERE c.slug LIKE 'bench-%%' AND i.state = 'published'""",
    """UPDATE funds_levy l SET ledger_version = (SELECT count(*) FROM funds_payment p WHERE p.levy_id = l.id)
                                             + (SELECT count(*) FROM funds_expense e WHERE e.levy_id = l.id)
       FROM communities_community c WHERE c.id = l.community_id AND c.slug LIKE 'bench-%%'""",
    """UPDATE funds_fund f SET ledger_version = l.ledger_version FROM funds_levy l
       JOIN communities_community c ON c.id = l.community_id
       WHERE l.fund_id = f.id AND c.slug LIKE 'bench-%%'""",
]


def build(rebuild: bool) -> None:
    if rebuild:
        for name in (DB_B, DB_A):
            psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not exists(DB_A):
        started = time.monotonic()
        psql("postgres", f'CREATE DATABASE "{DB_A}"')
        manage(DB_A, "migrate", "-v0")
        manage(DB_A, "createcachetable")
        manage(DB_A, "load_demo")
        psql(DB_A, "VACUUM ANALYZE")
        log(f"A (the demo) built in {time.monotonic() - started:.0f}s")
    else:
        manage(DB_A, "migrate", "-v0")
    if not exists(DB_B):
        import psycopg2

        started = time.monotonic()
        psql("postgres", f'CREATE DATABASE "{DB_B}" TEMPLATE "{DB_A}"')
        connection = psycopg2.connect(f"{PG}/{DB_B}")
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                for statement in BUILD_B:
                    cursor.execute(statement, {"communities": COMMUNITIES})
                    rows = cursor.rowcount
                    cursor.execute("ANALYZE")  # the next statement's plan needs the new rows' statistics
                    words = statement.split()
                    log(f"B: {words[0]} {words[2] if words[0] == 'INSERT' else words[1]}: {rows} rows")
        finally:
            connection.close()
        psql(DB_B, "VACUUM ANALYZE")
        log(f"B (the demo + {COMMUNITIES} communities) built in {time.monotonic() - started:.0f}s")
        manage(DB_B, "verify_ledgers")
    else:
        manage(DB_B, "migrate", "-v0")
    for name in (DB_A, DB_B):
        (households, payments) = psql(
            name,
            "SELECT (SELECT count(*) FROM communities_household), (SELECT count(*) FROM funds_payment)",
            fetch=True,
        )[0]
        log(f"{name}: {households} households, {payments} payments")


# --- 1. pages in process: one process per database, asked in turn ----------------------------------------


def page_worker(conn, database: str) -> None:
    """Runs in its own process against one database; answers ("queries"|"time", page) with a number."""
    os.environ["DATABASE_URL"] = f"{PG}/{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.tenants_settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from communities import public_cache
    from communities.models import Community, Household
    from funds.models import Levy, Payment

    community = Community.objects.get(slug="shuanglong")
    compound = community.compounds.get(name="育才小区")
    levy = Levy.objects.get(compound=compound, purpose="安装监控")
    payment = Payment.objects.filter(levy=levy).order_by("id").first()
    household = Household.objects.get(pk=payment.household_id)
    staff = Client(HTTP_HOST=HOST)
    staff.force_login(get_user_model().objects.get(username="sl_admin"))
    anonymous = Client(HTTP_HOST=HOST)
    resident = Client(HTTP_HOST=HOST)
    gate = resident.post(
        reverse("public_board", args=[compound.public_token]), {"code": household.access_code}
    )
    assert gate.status_code == 302, "the 户码 did not open the household page"
    slug, token = community.slug, compound.public_token
    pages = {
        "staff home": (staff, reverse("communities:home", args=[slug])),
        "compound page": (staff, reverse("communities:compound", args=[slug, compound.pk])),
        "household search (phone)": (staff, reverse("communities:household_search", args=[slug]) + "?q=138"),
        "funds dashboard": (staff, reverse("funds:dashboard", args=[slug])),
        "levy detail": (staff, reverse("funds:levy", args=[slug, levy.pk])),
        "payments list": (staff, reverse("funds:payments", args=[slug])),
        "public board": (anonymous, reverse("public_board", args=[token])),
        "public levy ledger (uncached)": (anonymous, reverse("funds_public:levy", args=[token, levy.pk])),
        "receipt check": (anonymous, reverse("funds_public:receipt_verify", args=[payment.verify_token])),
        "户码 household page": (resident, reverse("public_household", args=[token])),
    }
    conn.send(list(pages))

    def get(name):
        client, path = pages[name]
        cache.clear()
        public_cache.clear_local()
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)

    while True:
        command, name = conn.recv()
        if command == "quit":
            break
        if command == "queries":
            get(name)  # the connection and its prepared statements are warm, like a server's
            with CaptureQueriesContext(connection) as captured:
                get(name)
            conn.send(len(captured.captured_queries))
        else:
            started = time.perf_counter()
            get(name)
            conn.send((time.perf_counter() - started) * 1000)


def measure_pages(rounds: int) -> tuple[float, list]:
    context = multiprocessing.get_context("spawn")
    workers = {}
    for name in (DB_A, DB_B):
        parent, child = context.Pipe()
        process = context.Process(target=page_worker, args=(child, name), daemon=True)
        process.start()
        workers[name] = (parent, process)
    pages = [workers[name][0].recv() for name in (DB_A, DB_B)][0]

    def ask(database, command, page):
        workers[database][0].send((command, page))
        return workers[database][0].recv()

    queries = {page: {db: ask(db, "queries", page) for db in (DB_A, DB_B)} for page in pages}
    times = {page: {DB_A: [], DB_B: []} for page in pages}
    deadline = time.monotonic() + 1200
    for round_no in range(rounds):
        if time.monotonic() > deadline:
            break
        order = (DB_A, DB_B) if round_no % 2 == 0 else (DB_B, DB_A)
        for page in pages:
            for database in order:
                times[page][database].append(ask(database, "time", page))
    for parent, process in workers.values():
        parent.send(("quit", None))
        process.join(timeout=30)
    rows = []
    for page in pages:
        a, b = (statistics.median(times[page][db]) for db in (DB_A, DB_B))
        low_a, low_b = (min(times[page][db]) for db in (DB_A, DB_B))
        rows.append((page, a, b, b / a, low_b / low_a, queries[page][DB_A], queries[page][DB_B]))
    print(
        f"\n{'page (双龙社区)':30} {'A ms':>7} {'B ms':>7} {'B/A':>6} {'min B/A':>8} {'queries A':>10} {'B':>4}"
    )
    for page, a, b, ratio, low, qa, qb in rows:
        print(f"{page:30} {a:7.2f} {b:7.2f} {ratio:6.2f} {low:8.2f} {qa:10d} {qb:4d}")
    print(
        f"(medians of {len(times[pages[0]][DB_A])} rounds, A and B asked in turn; min B/A: the fastest of each)"
    )
    return max(row[3] for row in rows), rows


# --- 2. gunicorn and wrk on B -----------------------------------------------------------------------------

LUA = """
local paths = {%s}
local i = 0
init = function(args) i = math.random(#paths) end
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def wrk(base: str, target, duration: int, connections: int) -> tuple[float, int]:
    """Requests/s of wrk against a path or (a list of paths: a Lua script cycling through them), and errors."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    script = None
    if isinstance(target, list):
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        script.write(LUA % ", ".join(f'"{path}"' for path in target))
        script.close()
        command += ["-s", script.name, base + "/"]
    else:
        command.append(base + target)
    try:
        out = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + 60, check=True
        ).stdout
    finally:
        if script is not None:
            os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, errors + (int(non_2xx.group(1)) if non_2xx else 0)


def fetch(url: str, headers: dict | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1 only
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        assert response.status == 200, url
        return response.read()


def serve(database: str, workers: int, redis: bool, prefix: str):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DJANGO_SETTINGS_MODULE": "bench.ledger_settings",
    }
    env.pop("REDIS_URL", None)
    if redis:
        env.update(REDIS_URL=REDIS_URL, DJANGO_CACHE_KEY_PREFIX=prefix)
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--bind", f"{HOST}:{port}", "--workers",
         str(workers), "--no-control-socket", "--access-logfile", "/dev/null", "--error-logfile", "-",
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    base = f"http://{HOST}:{port}"
    wait_until_up(base + "/bench/bare/")
    return server, base


def stop(server) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def public_paths() -> tuple[list[str], list[str], str]:
    rows = psql(
        DB_B,
        """SELECT co.public_token, l.id FROM funds_levy l JOIN communities_compound co ON co.id = l.compound_id
           JOIN communities_community c ON c.id = l.community_id
           WHERE c.slug LIKE 'bench-%%' AND co.name = '一号小区' ORDER BY c.id""",
        fetch=True,
    )
    levies = [f"/p/{token}/funds/levies/{pk}/" for token, pk in rows]
    receipts = psql(
        DB_B,
        "SELECT verify_token FROM funds_payment WHERE receipt_number %% 97 = 1 ORDER BY id LIMIT 1000",
        fetch=True,
    )
    (demo,) = psql(
        DB_B,
        """SELECT '/p/' || co.public_token || '/funds/levies/' || l.id || '/' FROM funds_levy l
           JOIN communities_compound co ON co.id = l.compound_id WHERE co.name = '育才小区'
           AND l.purpose = '安装监控'""",
        fetch=True,
    )[0]
    return levies, [f"/r/{token}/" for (token,) in receipts], demo


# (measured, reference): each ratio of the final line comes from measurements taken one right after the other.
PAIRS = [
    ("cycle1000", "cycle50"),
    ("one_query_cache", "one_query"),  # the floor of cycle1000 / cycle50: one read of the shared cache more
    ("receipt", "bare"),
    ("one_query", "bare"),  # the floor of receipt / bare: one database round trip
]
# A levy page's key names a 5-minute bucket (funds.cache.levy_page_key): at each boundary every page is rendered
# anew once, 1,000 of them in the 1,000 cycle. Measurements keep clear of the boundaries and the pages are fetched
# again after one: what is compared is a cache's reads, not that periodic re-rendering.
BUCKET = 300


def steady_window(needed: float, rewarm) -> None:
    """Wait past the next bucket boundary (and fetch the pages again) unless `needed` seconds fit before it."""
    now = time.time()
    boundary = (now // BUCKET + 1) * BUCKET
    if now + needed + 2 < boundary:
        return
    time.sleep(boundary - now + 1)
    rewarm()


def measure_servers(args) -> dict:
    levies, receipts, demo_levy = public_paths()
    cycle50, cycle1000 = levies[:50], levies[:COMMUNITIES]
    prefix = f"tenant-bench-{os.getpid()}-{int(time.time())}"
    results = {}
    server, base = serve(DB_B, args.workers, redis=True, prefix=prefix)
    try:
        plain = fetch(base + demo_levy)
        zipped = fetch(base + demo_levy, {"Accept-Encoding": "gzip"})
        results["size"] = (
            len(plain),
            len(zipped),
            len(gzip.decompress(zipped)) if zipped[:2] == b"\x1f\x8b" else 0,
        )

        def warm():
            started = time.monotonic()
            for path in cycle1000:
                fetch(base + path)
            log(f"fetched the {len(cycle1000)} levy pages in {time.monotonic() - started:.0f}s")

        steady_window(120, lambda: None)
        warm()
        targets = {
            "bare": "/bench/bare/",
            "one_query": "/bench/one-query/",
            "one_query_cache": "/bench/one-query-cache/",
            "cycle50": cycle50,
            "cycle1000": cycle1000,
            "receipt": receipts,
        }
        rates = {name: [] for name in targets}
        ratios = {pair: [] for pair in PAIRS}
        errors = 0
        for round_no in range(args.wrk_rounds):
            # Each figure is measured right next to its reference, in turn first and second, so that the
            # machine's load (other processes) weighs on both alike; the ratios are taken per pair.
            for measured, reference in PAIRS:
                steady_window(2 * args.duration + 4, warm)
                order = (reference, measured) if round_no % 2 == 0 else (measured, reference)
                got = {}
                for name in order:
                    got[name], failed = wrk(base, targets[name], args.duration, args.connections)
                    rates[name].append(got[name])
                    errors += failed
                ratios[(measured, reference)].append(got[measured] / got[reference])
            summary = ", ".join(f"{m}/{r} {ratios[(m, r)][-1]:.2f}" for m, r in PAIRS)
            log(f"round {round_no + 1}: {summary}")
        results["redis"] = {name: statistics.median(values) for name, values in rates.items()}
        results["ratios"] = {pair: statistics.median(values) for pair, values in ratios.items()}
        results["errors"] = errors
    finally:
        stop(server)
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
    if args.database_cache:
        psql(DB_B, "DELETE FROM hehuo_cache")
        server, base = serve(DB_B, args.workers, redis=False, prefix="")
        try:

            def warm_database_cache():
                for path in cycle1000:
                    fetch(base + path)

            steady_window(120, lambda: None)
            warm_database_cache()
            rates = {"cycle50": [], "cycle1000": []}
            for _ in range(args.wrk_rounds):
                steady_window(2 * args.duration + 4, warm_database_cache)
                for name, target in (("cycle50", cycle50), ("cycle1000", cycle1000)):
                    rate, failed = wrk(base, target, args.duration, args.connections)
                    rates[name].append(rate)
                    results["errors"] += failed
            results["database"] = {name: statistics.median(values) for name, values in rates.items()}
        finally:
            stop(server)
    return results


def load_line() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--rounds", type=int, default=41, help="in-process rounds per page and database")
    parser.add_argument("--skip-pages", action="store_true", help="only the gunicorn and wrk part")
    parser.add_argument("--wrk-rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="wrk seconds per measurement (max 60)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-cache", action="store_true", help="also cycle on the database cache")
    args = parser.parse_args()
    args.duration = max(1, min(args.duration, 60))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers (finally:) when stopped
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    log(f"load before: {load_line()}")
    build(args.rebuild)
    if args.build_only:
        return
    manage(DB_B, "collectstatic", "--noinput", "-v0")
    worst = measure_pages(args.rounds)[0] if not args.skip_pages else float("nan")
    log(f"load: {load_line()}")
    served = measure_servers(args)
    log(f"load after: {load_line()}")
    rates = served["redis"]
    plain, zipped, unzipped = served["size"]
    print(f"\nlevy ledger (育才小区 CCTV): {plain / 1024:.1f} KiB plain, {zipped / 1024:.1f} KiB gzipped")
    print(f"gunicorn ({args.workers} sync workers, cache on Redis), wrk -t2 -c{args.connections}, "
          f"{args.duration}s a measurement, medians of all measurements:")  # fmt: skip
    for name, label in [
        ("bare", "bare Django view"),
        ("one_query", "the same with one query (SELECT 1)"),
        ("one_query_cache", "the same with one query and a 20 KB cache read"),
        ("cycle50", "public levy ledgers, 50 communities in turn"),
        ("cycle1000", "public levy ledgers, 1,000 communities in turn"),
        ("receipt", "receipt check, 1,000 receipts in turn"),
    ]:
        print(f"  {label:48} {rates[name]:8.1f} requests/s")
    if "database" in served:
        db = served["database"]
        print(f"  database cache: 50 in turn {db['cycle50']:.1f}/s, 1,000 in turn {db['cycle1000']:.1f}/s "
              f"(ratio {db['cycle1000'] / db['cycle50']:.3f})")  # fmt: skip
    ratios = served["ratios"]
    print(f"ratios, medians of the {args.wrk_rounds} rounds' pairs:")
    for (measured, reference), value in ratios.items():
        print(f"  {measured} / {reference}: {value:.3f}")
    assert unzipped == plain or unzipped == 0
    print(
        f"tenant_bench worst_page_ratio={worst:.3f} "
        f"public_cycle_1000_vs_50={ratios[('cycle1000', 'cycle50')]:.3f} "
        f"receipt_vs_bare={ratios[('receipt', 'bare')]:.3f} errors={served['errors']}"
    )


if __name__ == "__main__":
    main()
