"""Benchmark of the partner registry and the growth chart with 20,000 partners (issue "Partners", "Speed").
Not a timed test.

Builds on PostgreSQL (database hehuo_partners_bench, once; --rebuild to build again) a community with 20,000
partners of every kind in 20 compounds, their joinings (a tenth of them also left) and consents, 40 teams with
200 members each, in set-based SQL; then measures, in process with production settings, the server time of:

- the registry's first page (50 partners of 20,000), and the registry filtered by kind and offer;
- the teams page with the growth chart (month by month since 2018 over every joining and leaving);
- the community home (its sections include the chart).

Each figure is the median of 15 requests after 3 warm ones. Ends with the line
  partners_bench registry_ms=… registry_filtered_ms=… chart_ms=… home_ms=… queries=…
Target: registry and chart ≤ 200 ms each.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "hehuo_partners_bench"
HOST = "127.0.0.1"

os.environ.setdefault("DATABASE_URL", f"postgres://postgres@{HOST}:5432/{DB_NAME}")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", HOST)
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("HEHUO_REQUIRE_MFA", "0")
os.environ.setdefault("HEHUO_BENCH_STATIC_ROOT", "/tmp/hehuo-partners-bench-static")  # noqa: S108 - bench only
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


def build(partners: int) -> None:
    from django.db import connection, transaction

    from communities.models import Community

    if Community.objects.filter(slug="bench").exists():
        log("data already built (use --rebuild to build again)")
        return
    log(f"building {partners} partners")
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO communities_community (name, slug, street, public_names_masked, public_token, "
            "names_version, created_at) VALUES ('基准社区', 'bench', '基准街道', false, 'bench-partners', 0, now()) "
            "RETURNING id"
        )
        (community,) = c.fetchone()
        c.execute(
            "INSERT INTO communities_compound (name, built_year, built_month, notes, public_token, created_at, "
            "community_id) SELECT '小区' || n, 2000, 1, '', 'bench-p-' || n, now(), %s FROM generate_series(1, 20) n",
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
                   '', n %% 5 = 0, n %% 3 = 0, n %% 11 = 0, n %% 2 = 0, n %% 17 = 0,
                   CASE WHEN n %% 3 = 0 THEN '电工,油漆' ELSE '' END, '', '', now()
            FROM generate_series(1, %(n)s) n
            """,
            {"community": community, "kinds": KINDS, "n": partners},
        )
        c.execute(
            """
            INSERT INTO partners_partnerstatus (community_id, partner_id, change, "on", note, recorded_at)
            SELECT community_id, id, 'joined', DATE '2018-01-01' + (id %% 2500)::int, '', now()
            FROM partners_partner WHERE community_id = %s
            """,
            [community],
        )
        c.execute(
            """
            INSERT INTO partners_partnerstatus (community_id, partner_id, change, "on", note, recorded_at)
            SELECT community_id, id, 'left', DATE '2018-01-01' + (id %% 2500)::int + 300, '', now()
            FROM partners_partner WHERE community_id = %s AND id %% 10 = 0
              AND DATE '2018-01-01' + (id %% 2500)::int + 300 <= current_date
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
        c.execute(
            """
            INSERT INTO partners_team (community_id, name, kind, formed_on, created_at)
            SELECT %s, '队伍' || n, (ARRAY['governance','culture','service'])[1 + n %% 3],
                   DATE '2018-01-01' + n * 60, now()
            FROM generate_series(1, 40) n
            """,
            [community],
        )
        c.execute(
            """
            INSERT INTO partners_teammembership (community_id, team_id, partner_id, joined_on)
            SELECT t.community_id, t.id, p.id, t.formed_on
            FROM partners_team t JOIN partners_partner p
              ON p.community_id = t.community_id AND p.id %% 40 = t.id %% 40
            WHERE t.community_id = %s AND p.id %% 100 < 40
            """,
            [community],
        )
    with connection.cursor() as c:
        c.execute("ANALYZE")
    log("built")


def bench_user():
    from django.contrib.auth import get_user_model

    from communities.models import Community, Membership, Role

    user, _created = get_user_model().objects.get_or_create(username="partners_bench_staff")
    Membership.objects.get_or_create(
        community=Community.objects.get(slug="bench"), user=user, defaults={"role": Role.STAFF}
    )
    return user


def server_ms(client, path: str, runs: int = 15) -> tuple[float, int]:
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
    return statistics.median(times), len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partners", type=int, default=20_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("the benchmark runs on PostgreSQL: set DATABASE_URL")
    ensure_database(args.rebuild)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, cwd=ROOT, timeout=900
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "createcachetable"], check=True, cwd=ROOT, timeout=300
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        check=True,
        cwd=ROOT,
        timeout=300,
    )

    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    build(args.partners)
    client = Client(HTTP_HOST=HOST)
    client.force_login(bench_user())
    registry = reverse("partners:partners", args=["bench"])
    figures = {
        "registry": server_ms(client, registry),
        "registry_filtered": server_ms(client, registry + "?kind=volunteer&offer=labour&status=active"),
        "chart": server_ms(client, reverse("partners:teams", args=["bench"])),
        "home": server_ms(client, reverse("communities:home", args=["bench"])),
    }
    print()
    for name, (ms, queries) in figures.items():
        print(f"{name:18s} {ms:8.1f} ms  {queries} queries")
    print(
        "partners_bench "
        + " ".join(f"{name}_ms={ms:.1f}" for name, (ms, _q) in figures.items())
        + " queries="
        + ",".join(str(q) for _ms, q in figures.values())
    )


if __name__ == "__main__":
    main()
