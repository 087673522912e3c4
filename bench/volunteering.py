"""Benchmark of volunteering with 200,000 hours entries of 20,000 partners (issue 13, "Speed"). Not a timed test.

Builds on PostgreSQL (database hehuo_volunteering_bench, once; --rebuild to build again) a community with 20,000
partners of every kind in 20 compounds (two kinds in seven with a work unit, in 13 units), a daily rota per
compound with its slots for the next four weeks (a few sign-ups), and 200,000 hours entries over the last twelve
months in set-based SQL: confirmed but for the last three days' (waiting, in the queue HoursWaiting), 1% reversed;
then VACUUM ANALYZE, as autovacuum leaves the tables. Then measures, in process with production settings, the
server time of:

- a partner's personal link page (/l/<token>/: their teams, upcoming sign-ups, open slots, confirmed hours);
- the monthly work-unit report (last month, every unit with its people), and the per-partner report;
- the community home (its volunteering figures of this month).

Each figure is the median and the 95th percentile of N requests (--runs, default 30) after 3 warm ones. Ends with
  volunteering_bench link_ms=… work_unit_ms=… partner_report_ms=… home_ms=… (p95 …) queries=…
Targets: link page ≤ 50 ms, work-unit report ≤ 200 ms.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "hehuo_volunteering_bench"
HOST = "127.0.0.1"

os.environ.setdefault("DATABASE_URL", f"postgres://postgres@{HOST}:5432/{DB_NAME}")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", HOST)
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("HEHUO_REQUIRE_MFA", "0")
os.environ.setdefault("HEHUO_BENCH_STATIC_ROOT", "/tmp/hehuo-volunteering-bench-static")  # noqa: S108 - bench
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.ledger_settings"
sys.path.insert(0, str(ROOT))

KINDS = [
    "assigned_cadre",
    "sent_down_cadre",
    "volunteer",
    "branch_member",
    "committee_member",
    "party_household",
    "active_resident",
]


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


def users():
    from django.contrib.auth import get_user_model

    from communities.models import Community, Membership, Role

    community = Community.objects.get(slug="bench")
    made = []
    for name in ("volunteering_bench_staff", "volunteering_bench_second"):
        user, _created = get_user_model().objects.get_or_create(username=name)
        Membership.objects.get_or_create(community=community, user=user, defaults={"role": Role.STAFF})
        made.append(user)
    return made


def build(partners: int, entries: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from communities.models import Community, Compound
    from partners import services

    if Community.objects.filter(slug="bench").exists():
        log("data already built (use --rebuild to build again)")
        return
    log(f"building {partners} partners and {entries} hours entries")
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO communities_community (name, slug, street, public_names_masked, public_token, "
            "names_version, created_at) VALUES ('基准社区', 'bench', '基准街道', false, 'bench-volunteering', 0, "
            "now()) RETURNING id"
        )
        (community,) = c.fetchone()
        c.execute(
            "INSERT INTO communities_compound (name, built_year, built_month, notes, public_token, created_at, "
            "community_id) SELECT '小区' || n, 2000, 1, '', 'bench-v-' || n, now(), %s FROM generate_series(1, 20) n",
            [community],
        )
        c.execute(
            """
            INSERT INTO partners_partner (community_id, form, name, kind, work_unit, contact_name, mobile,
                compound_id, notes, offers_money, offers_skills, offers_materials, offers_labour, offers_space,
                skill_tags, offer_text, availability, created_at)
            SELECT %(community)s, 'person', '合伙人' || n, (%(kinds)s::text[])[1 + n %% 7],
                   CASE WHEN n %% 7 < 2 THEN '单位' || (n %% 13) ELSE '' END, '',
                   '139' || lpad(n::text, 8, '0'),
                   (SELECT id FROM communities_compound WHERE community_id = %(community)s
                    ORDER BY id OFFSET n %% 20 LIMIT 1),
                   '', false, false, false, true, false, '', '', '', now()
            FROM generate_series(1, %(n)s) n
            """,
            {"community": community, "kinds": KINDS, "n": partners},
        )
        c.execute(
            """
            INSERT INTO partners_partnerstatus (community_id, partner_id, change, "on", note, recorded_at)
            SELECT community_id, id, 'joined', DATE '2022-01-01', '', now()
            FROM partners_partner WHERE community_id = %s
            """,
            [community],
        )
        c.execute(
            """
            INSERT INTO partners_consent (community_id, partner_id, purpose, given, full_name, text_version, how,
                                          created_at)
            SELECT community_id, id, 'data_use', true, false, '2026-11', 'paper', now()
            FROM partners_partner WHERE community_id = %s
            """,
            [community],
        )
    staff, second = users()
    today = timezone.localdate()
    community = Community.objects.get(slug="bench")
    activities = []
    for compound in Compound.objects.filter(community=community).order_by("id"):
        activities.append(
            services.activity_create(
                community=community,
                kind="rota",
                actor=staff,
                compound=compound,
                title=f"{compound.name}桂花树浇水",
                capacity=3,
                weekdays="1234567",
                starts_on=today - datetime.timedelta(days=365),
                start_time=datetime.time(18, 0),
                end_time=datetime.time(18, 30),
            )
        )
    with transaction.atomic(), connection.cursor() as c:
        # Entries: partner p gets entries on days spread over the last year (one partner, one entry a day at most).
        c.execute(
            """
            INSERT INTO partners_hoursentry (community_id, partner_id, date, hours, activity_id, slot_id, source,
                                             description, recorded_by_id, recorded_at)
            SELECT p.community_id, p.id,
                   CURRENT_DATE - 1 - ((n * 37 + p.id) %% 365)::int,
                   (1 + (n + p.id) %% 6) * 0.5,
                   a.id, NULL, 'slot', a.title, %(staff)s, now()
            FROM partners_partner p
            CROSS JOIN generate_series(0, %(per)s - 1) n
            JOIN partners_activity a ON a.compound_id = p.compound_id
            WHERE p.community_id = %(community)s
            """,
            {"community": community.pk, "staff": staff.pk, "per": entries // partners},
        )
        c.execute(
            """
            INSERT INTO partners_hoursconfirmation (community_id, entry_id, confirmed_by_id, confirmed_at)
            SELECT community_id, id, %(second)s, now() FROM partners_hoursentry
            WHERE community_id = %(community)s AND date < CURRENT_DATE - 3
            """,
            {"community": community.pk, "second": second.pk},
        )
        c.execute(
            """
            INSERT INTO partners_hoursreversal (community_id, entry_id, reason, reversed_by_id, reversed_at)
            SELECT community_id, id, '记错了', %(second)s, now() FROM partners_hoursentry
            WHERE community_id = %(community)s AND id %% 100 = 1
            """,
            {"community": community.pk, "second": second.pk},
        )
        # The queue of what waits for a confirmation (partners.HoursWaiting), as the services leave it.
        c.execute(
            """
            INSERT INTO partners_hourswaiting (community_id, entry_id)
            SELECT e.community_id, e.id FROM partners_hoursentry e
            WHERE e.community_id = %(community)s
              AND NOT EXISTS (SELECT 1 FROM partners_hoursconfirmation c WHERE c.entry_id = e.id)
              AND NOT EXISTS (SELECT 1 FROM partners_hoursreversal r WHERE r.entry_id = e.id)
            """,
            {"community": community.pk},
        )
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")  # what autovacuum leaves: visibility maps set, so index-only scans
    log("built")


def link_token(staff) -> str:
    """A personal link of a partner with a work unit and sign-ups for two coming slots."""
    from django.utils import timezone

    from partners import services
    from partners.models import Partner, Slot

    partner = Partner.objects.filter(community__slug="bench", kind="sent_down_cadre").order_by("id").first()
    slots = Slot.objects.filter(
        activity__compound_id=partner.compound_id, starts_at__gt=timezone.now()
    ).order_by("starts_at")[:2]
    for slot in slots:
        if not slot.signups.filter(partner=partner).exists():
            services.signup_create(slot=slot, partner=partner, actor=staff)
    return services.partner_link_issue(partner=partner, actor=staff)


def server_ms(client, path: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
    slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
    log(f"{path}: slowest query {float(slowest['time']) * 1000:.1f} ms: {slowest['sql'][:110]}")
    return statistics.median(times), p95, len(ctx.captured_queries)


def report_queries_ms(month: str, runs: int) -> tuple[float, float, int]:
    """The work-unit report's own reads (units and the month's totals) without the page around them: the staff
    pages' navigation also counts what waits for staff (communities.slots.waiting_counts), on every page."""
    from communities.models import Community
    from partners.queries import reports

    community = Community.objects.get(slug="bench")
    first = reports.parse_month(month)
    times = []
    for n in range(runs + 3):
        start = time.perf_counter()
        reports.work_units(community, first)
        reports.month_totals(community, first)
        if n >= 3:
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1], 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partners", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("the benchmark runs on PostgreSQL: set DATABASE_URL")
    ensure_database(args.rebuild)
    for command in (["migrate", "-v0"], ["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], check=True, cwd=ROOT, timeout=900)

    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from partners.models import HoursEntry

    build(args.partners, args.entries)
    staff, _second = users()
    log(f"{HoursEntry.objects.filter(community__slug='bench').count()} hours entries")
    client = Client(HTTP_HOST=HOST)
    public = Client(HTTP_HOST=HOST)
    client.force_login(staff)
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    report = reverse("partners:hours_report", args=["bench"])
    figures = {
        "link": server_ms(public, reverse("partners_public:link", args=[link_token(staff)]), args.runs),
        "work_unit": server_ms(client, f"{report}?by=work_unit&month={last_month}", args.runs),
        "partner_report": server_ms(client, f"{report}?by=partner&month={last_month}", args.runs),
        "home": server_ms(client, reverse("communities:home", args=["bench"]), args.runs),
    }
    figures["work_unit_queries_only"] = report_queries_ms(last_month, args.runs)
    print()
    for name, (median, p95, queries) in figures.items():
        print(f"{name:16s} median {median:8.1f} ms  p95 {p95:8.1f} ms  {queries} queries")
    print(
        "volunteering_bench "
        + " ".join(f"{name}_ms={median:.1f} (p95 {p95:.1f})" for name, (median, p95, _q) in figures.items())
        + " queries="
        + ",".join(str(q) for _m, _p, q in figures.values())
    )


if __name__ == "__main__":
    main()
