"""Benchmark of the published ledger and the staff dashboard (issue 4, "Benchmark"). Not a timed test.

Builds on PostgreSQL a community of 50 compounds and 50,000 households (one compound of 2,000) with about
1,000,000 ledger entries (payments and expenses, set-based SQL: a few INSERT ... SELECT statements), serves
the app with gunicorn on 127.0.0.1 (production settings, HTTPS redirect off) and measures with wrk:

- the public ledger page of the 2,000-household levy against a bare Django view (same middleware, same
  server): public_vs_bare = requests/s of the ledger page / requests/s of the bare view;
- the staff dashboard's server time (median of sequential requests, signed in as the treasurer);
- the query count of both pages (in process, Django test client).

Run:  .venv/bin/python bench/ledger.py            (builds once into the database hehuo_ledger_bench, reuses it)
      .venv/bin/python bench/ledger.py --rebuild  (drops and builds again)
Options: --households N (default 50000), --entries N (default 1000000), --duration S (wrk seconds per page).
Ends with the line
  ledger_bench public_vs_bare=… dashboard_ms=… public_queries=… dashboard_queries=…
Every loop is bounded in time and count; everything listens on and talks to 127.0.0.1 only.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "hehuo_ledger_bench"
HOST = "127.0.0.1"

os.environ.setdefault("DATABASE_URL", f"postgres://postgres@{HOST}:5432/{DB_NAME}")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", HOST)
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("HEHUO_REQUIRE_MFA", "0")  # the bench signs in by a session cookie, not by TOTP
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.ledger_settings"
sys.path.insert(0, str(ROOT))

STATEMENT_TIMEOUT_MS = 900_000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def ensure_database(rebuild: bool) -> None:
    import psycopg2
    from psycopg2 import sql

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cursor.fetchone()
            if exists and rebuild:
                cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
                exists = None
            if not exists:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        admin.close()


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT, timeout=900)


# --- building the data ----------------------------------------------------------------------------------


def build(households: int, entries: int) -> None:
    """One community, 50 compounds (the first with 2,000 households), levies and entries, in set-based SQL."""
    from django.db import connection, transaction

    from communities.models import Community

    if Community.objects.filter(slug="bench").exists():
        log("data already built (use --rebuild to build again)")
        return
    big = 2000
    compounds = 50
    per_building = 100
    rest = households - big
    per_compound = rest // (compounds - 1)
    # Payments: the CCTV levy of every household (one payment each where paid, 97%) plus a monthly property
    # fee whose periods make up the rest of the entries.
    months = max(1, round((entries - households) / (households * 0.97)))
    log(f"building: {compounds} compounds, {households} households, {months} fee periods, ~{entries} entries")
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as c:
        c.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
        c.execute("SET LOCAL synchronous_commit = off")
        c.execute(
            "INSERT INTO communities_community (name, slug, street, public_names_masked, public_token, "
            "names_version, created_at) VALUES ('基准社区', 'bench', '基准街道', true, 'bench-community', 0, now()) "
            "RETURNING id"
        )
        (community,) = c.fetchone()
        c.execute(
            """
            INSERT INTO communities_compound (name, built_year, built_month, notes, public_token, created_at,
                                              community_id)
            SELECT '小区' || lpad(n::text, 2, '0'), 1998, 6, '', 'bench-' || n, now(), %s
            FROM generate_series(0, %s) n
            """,
            [community, compounds - 1],
        )
        # Households: compound 0 has `big`, the others `per_compound`; 100 per building, 2 units, 5 floors.
        c.execute(
            """
            CREATE TEMP TABLE hh_plan ON COMMIT DROP AS
            SELECT co.id AS compound_id, k AS k,
                   (k / %(per_building)s) + 1 AS building_no,
                   ((k %% %(per_building)s) / 50) + 1 AS unit_no,
                   (((k %% 50) / 10) + 1) * 100 + (k %% 10) + 1 AS room_no
            FROM communities_compound co
            CROSS JOIN LATERAL generate_series(
                0, CASE WHEN co.public_token = 'bench-0' THEN %(big)s ELSE %(per)s END - 1) k
            WHERE co.community_id = %(community)s
            """,
            {"per_building": per_building, "big": big, "per": per_compound, "community": community},
        )
        c.execute(
            """
            INSERT INTO communities_building (label, sort_key, community_id, compound_id)
            SELECT DISTINCT building_no || '栋', building_no, %s, compound_id FROM hh_plan
            """,
            [community],
        )
        c.execute(
            """
            INSERT INTO communities_household (unit, room, room_sort, floor_area, head_name, phone, residents,
                occupancy, renovation, is_low_income, is_elderly_alone, notes, access_code, created_at,
                updated_at, building_id, community_id, compound_id)
            SELECT p.unit_no || '单元', p.room_no::text, p.room_no, 80.00,
                   (ARRAY['张','王','李','赵','刘','陈','杨','黄'])[1 + (p.k %% 8)] || '某',
                   '138' || lpad((p.k + p.compound_id * 10000)::text, 8, '0'), 3,
                   'occupied', 'renovated', p.k %% 53 = 0, p.k %% 61 = 0, '',
                   'B' || lpad(to_hex(p.compound_id * 100000 + p.k), 7, '0'), now(), now(),
                   b.id, %s, p.compound_id
            FROM hh_plan p
            JOIN communities_building b ON b.compound_id = p.compound_id AND b.sort_key = p.building_no
            """,
            [community],
        )
        log(f"households: {time.monotonic() - started:.0f}s")
        c.execute(
            """
            INSERT INTO funds_fund (name, kind, description, created_at, community_id, compound_id,
                                    ledger_version)
            SELECT co.name || kind.label, kind.kind, '', now(), %s, co.id, 0
            FROM communities_compound co
            CROSS JOIN (VALUES ('监控专项', 'levy'), ('物业费', 'property_fee')) AS kind(label, kind)
            WHERE co.community_id = %s
            """,
            [community, community],
        )
        c.execute(
            """
            INSERT INTO funds_levy (purpose, description, basis, amount, recurrence, scope_renovation,
                scope_occupancy, scope_description, scope_total, scope_charged, due_date, starts_on, created_at,
                cancel_reason, community_id, compound_id, fund_id, ledger_version)
            SELECT CASE f.kind WHEN 'levy' THEN '安装监控' ELSE '物业费' END, '', 'household',
                   CASE f.kind WHEN 'levy' THEN 50.00 ELSE 30.00 END,
                   CASE f.kind WHEN 'levy' THEN 'once' ELSE 'month' END, 'renovated', '', '已装修住户',
                   (SELECT count(*) FROM communities_household h WHERE h.compound_id = f.compound_id),
                   (SELECT count(*) FROM communities_household h WHERE h.compound_id = f.compound_id),
                   DATE '2026-12-31', CASE f.kind WHEN 'levy' THEN NULL ELSE DATE '2025-01-01' END,
                   now() - interval '1 day', '', %s, f.compound_id, f.id, 0
            FROM funds_fund f WHERE f.community_id = %s
            """,
            [community, community],
        )
        # Charges: one per household for the CCTV levy; one per household and month for the fee. 97% paid
        # (by a hash of the ids, so paid and unpaid rooms are spread across buildings).
        c.execute(
            """
            INSERT INTO funds_charge (period, period_start, amount, created_at, community_id, household_id,
                                      levy_id, paid, waived)
            SELECT CASE WHEN l.recurrence = 'once' THEN '' ELSE to_char(m.start, 'YYYY-MM') END,
                   CASE WHEN l.recurrence = 'once' THEN NULL ELSE m.start END,
                   l.amount, now(), %(community)s, h.id, l.id,
                   CASE WHEN (h.id * 7919 + coalesce(m.n, 0) * 104729) %% 100 < 97 THEN l.amount ELSE 0 END,
                   0
            FROM funds_levy l
            JOIN communities_household h ON h.compound_id = l.compound_id
            LEFT JOIN LATERAL (
                SELECT n, (DATE '2025-01-01' + make_interval(months => n))::date AS start
                FROM generate_series(0, %(months)s - 1) n WHERE l.recurrence = 'month'
            ) m ON true
            WHERE l.community_id = %(community)s AND (l.recurrence = 'once' OR m.n IS NOT NULL)
            """,
            {"community": community, "months": months},
        )
        log(f"charges: {time.monotonic() - started:.0f}s")
        c.execute(
            """
            INSERT INTO funds_payment (amount, method, receipt_number, idempotency_key, verify_token, note,
                                       recorded_at, paid_on, paper_receipt_no, charge_id, community_id,
                                       household_id, levy_id)
            SELECT ch.paid, (ARRAY['cash','wechat','alipay','bank'])[1 + (ch.id %% 4)],
                   row_number() OVER (ORDER BY ch.id), 'bench-' || ch.id, md5('bench' || ch.id)::varchar(24),
                   '', now() - make_interval(mins => (ch.id %% 500000)::int),
                   ((now() - make_interval(mins => (ch.id %% 500000)::int)) AT TIME ZONE 'Asia/Shanghai')::date,
                   '', ch.id, ch.community_id, ch.household_id, ch.levy_id
            FROM funds_charge ch WHERE ch.community_id = %s AND ch.paid > 0
            """,
            [community],
        )
        payments = c.rowcount
        log(f"payments: {payments} in {time.monotonic() - started:.0f}s")
        c.execute(
            "INSERT INTO communities_counter (name, last_number, community_id) VALUES ('receipt', %s, %s)",
            [payments, community],
        )
        c.execute(
            "INSERT INTO funds_fundsettings (expense_approval_threshold, community_id) VALUES (100000, %s)",
            [community],
        )
        # Expenses: a few per levy, so that payments + expenses make the entries asked for.
        per_levy = max(1, (entries - payments) // (compounds * 2))
        c.execute(
            """
            INSERT INTO funds_expense (payee, purpose, amount, receipt_photo, spent_on, recorded_at,
                                       community_id, fund_id, levy_id)
            SELECT '供应商' || (n %% 7), '维修材料 ' || n, 1.00, '', DATE '2026-01-01' + (n %% 300), now(),
                   l.community_id, l.fund_id, l.id
            FROM funds_levy l CROSS JOIN generate_series(1, %s) n WHERE l.community_id = %s
            """,
            [per_levy, community],
        )
        expenses = c.rowcount
        c.execute(
            """
            UPDATE funds_levy l SET ledger_version = (
                SELECT count(*) FROM funds_payment p WHERE p.levy_id = l.id)
                + (SELECT count(*) FROM funds_expense e WHERE e.levy_id = l.id)
            WHERE l.community_id = %s
            """,
            [community],
        )
        c.execute(
            "UPDATE funds_fund f SET ledger_version = (SELECT ledger_version FROM funds_levy l "
            "WHERE l.fund_id = f.id) WHERE f.community_id = %s",
            [community],
        )
    with connection.cursor() as c:
        c.execute("ANALYZE")
    log(
        f"built: {payments} payments + {expenses} expenses = {payments + expenses} entries "
        f"in {time.monotonic() - started:.0f}s"
    )


def bench_user():
    from django.contrib.auth import get_user_model

    from communities.models import Community, Membership, Role

    user, _ = get_user_model().objects.get_or_create(username="bench_treasurer")
    Membership.objects.get_or_create(
        community=Community.objects.get(slug="bench"), user=user, defaults={"role": Role.TREASURER}
    )
    return user


# --- measuring --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout}s")


def fetch(url: str, cookie: str = "") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
        return response.status, response.read()


def wrk(url: str, duration: int, connections: int = 16) -> float:
    """Requests per second of wrk against one URL (2 threads), failing on non-2xx answers."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors on {url}:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise SystemExit(f"could not read wrk's output:\n{out}")
    print(out.strip().splitlines()[-2].strip(), "|", url)
    return float(match.group(1))


def count_queries(path: str, user=None) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    if user is not None:
        client.force_login(user)
    client.get(path)  # warm: the ledger page is cached after its first render
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
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

    from communities.models import Community, Compound
    from funds.models import Levy

    build(args.households, args.entries)
    user = bench_user()
    community = Community.objects.get(slug="bench")
    compound = Compound.objects.get(community=community, public_token="bench-0")  # noqa: S106 - a token, not a password
    levy = Levy.objects.get(compound=compound, recurrence="once")
    public_path = reverse("funds_public:levy", args=[compound.public_token, levy.pk])
    dashboard_path = reverse("funds:dashboard", args=[community.slug])
    bare_path = reverse("bench_bare")
    log(f"levy {levy.purpose} of {compound.name}: {levy.charges.count()} households; {public_path}")

    public_queries = count_queries(public_path)
    dashboard_queries = count_queries(dashboard_path, user)
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
        status, body = fetch(base + public_path)
        assert status == 200 and b'data-figure="households"' in body, "the public page did not render"
        for _ in range(args.workers * 4):  # warm every worker's page cache
            fetch(base + public_path)
        size_kb = len(body) / 1024
        log(f"public page: {size_kb:.0f} KiB")
        bare_rps = wrk(base + bare_path, duration)
        public_rps = wrk(base + public_path, duration)

        times = []
        fetch(base + dashboard_path, cookie)
        deadline = time.monotonic() + 60
        for _ in range(30):
            if time.monotonic() > deadline:
                break
            start = time.perf_counter()
            status, page = fetch(base + dashboard_path, cookie)
            times.append((time.perf_counter() - start) * 1000)
            assert status == 200 and b"<h1" in page, "the dashboard did not render"
        dashboard_ms = statistics.median(times)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    ratio = public_rps / bare_rps
    print()
    print(f"bare Django view:            {bare_rps:10.1f} requests/s")
    print(f"public ledger (2,000 rooms): {public_rps:10.1f} requests/s  ({size_kb:.0f} KiB a page)")
    print(f"staff dashboard:             {dashboard_ms:10.1f} ms median of {len(times)} sequential requests")
    print(f"queries: public page {public_queries} (cached), dashboard {dashboard_queries}")
    print(
        f"ledger_bench public_vs_bare={ratio:.3f} dashboard_ms={dashboard_ms:.1f} "
        f"public_queries={public_queries} dashboard_queries={dashboard_queries}"
    )


if __name__ == "__main__":
    main()
