"""Benchmark of a decision's result page with 2,000 households and 2,000 ballots (issue "Meetings and decisions",
"Speed"). Not a timed test.

Builds on PostgreSQL (database hehuo_decisions_bench, once; --rebuild to build again) a compound of 2,000
households in 20 buildings with floor areas, a monthly meeting and a double-majority decision over the whole
compound with one ballot per household (a tenth on paper, a few voided and recast); then measures, in process
with production settings, the server time of:

- the staff result page of the open decision (the running count: two aggregates over 2,000 households and
  2,000 ballots);
- the residents' decision page (the same count);
- the staff result page once closed (the frozen result).

Each figure is the median of 15 requests after 3 warm ones. Ends with the line
  decisions_bench open_ms=… public_ms=… closed_ms=… queries=…
Target: the result page ≤ 200 ms.
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "hehuo_decisions_bench"
HOST = "127.0.0.1"

os.environ.setdefault("DATABASE_URL", f"postgres://postgres@{HOST}:5432/{DB_NAME}")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", HOST)
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("HEHUO_REQUIRE_MFA", "0")
os.environ.setdefault("HEHUO_BENCH_STATIC_ROOT", "/tmp/hehuo-decisions-bench-static")  # noqa: S108 - bench only
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.ledger_settings"
sys.path.insert(0, str(ROOT))

from bench.partners import ensure_database, log, server_ms  # noqa: E402

SLUG = "bench-decisions"


def build(households: int) -> tuple[int, int]:
    """(the open decision's id, the closed one's id)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from communities.labels import building_sort_key, room_sort_key
    from communities.models import Building, Community, Compound, Household, Membership, Role
    from needs import services
    from needs.models import Ballot, Decision

    existing = Community.objects.filter(slug=SLUG).first()
    if existing is not None:
        log("data already built (use --rebuild to build again)")
        ids = list(Decision.objects.filter(community=existing).order_by("id").values_list("id", flat=True))
        return ids[0], ids[1]
    log(f"building {households} households and their ballots")
    rng = random.Random(15)
    with transaction.atomic():
        community = Community.objects.create(name="基准社区", slug=SLUG)
        user, _ = get_user_model().objects.get_or_create(username="decisions_bench_admin")
        Membership.objects.create(community=community, user=user, role=Role.ADMIN)
        compound = Compound.objects.create(community=community, name="基准小区")
        buildings = [
            Building.objects.create(
                community=community, compound=compound, label=f"{b}栋", sort_key=building_sort_key(f"{b}栋")
            )
            for b in range(1, 21)
        ]
        rows = []
        for i in range(households):
            room = str(1001 + i)
            rows.append(
                Household(
                    community=community,
                    compound=compound,
                    building=buildings[i % 20],
                    unit=f"{(i // 200) + 1}单元",
                    room=room,
                    room_sort=room_sort_key(room),
                    floor_area=Decimal(rng.choice(["68.50", "85.20", "96.00", "112.30", "125.80"])),
                )
            )
        homes = Household.objects.bulk_create(rows)
        decisions = []
        for title in ("基准议事会", "基准议事会（已结束）"):
            meeting = services.meeting_create(
                community=community,
                compound=compound,
                kind="monthly",
                held_on=timezone.localdate(),
                title=title,
                actor=user,
            )
            decisions.append(
                services.decision_open(
                    meeting=meeting,
                    motion="小区大门改造，费用从共管资金支出。",
                    rule="double_majority",
                    closes_on=timezone.localdate() + datetime.timedelta(days=20),
                    actor=user,
                )
            )
        for decision in decisions:
            Ballot.objects.bulk_create(
                [
                    Ballot(
                        community=community,
                        decision=decision,
                        household=home,
                        choice=rng.choice(["for", "for", "for", "against", "abstain"]),
                        channel="paper" if i % 10 == 0 else "online",
                        recorded_by=user if i % 10 == 0 else None,
                    )
                    for i, home in enumerate(homes)
                ]
            )
            for ballot in Ballot.objects.filter(decision=decision, channel="online").order_by("id")[:20]:
                services.ballot_void(ballot=ballot, reason="投错", actor=user)
                services.ballot_cast(decision=decision, household=ballot.household, choice="against")
        services.decision_close(decision=decisions[1], actor=user)
    return decisions[0].pk, decisions[1].pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=2_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("the benchmark runs on PostgreSQL: set DATABASE_URL")
    ensure_database(args.rebuild)
    for command in (["migrate", "-v0"], ["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], check=True, cwd=ROOT, timeout=900)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from needs.models import Ballot, Decision

    open_id, closed_id = build(args.households)
    decision = Decision.objects.select_related("compound").get(pk=open_id)
    log(f"ballots: {Ballot.objects.filter(decision=decision).count()} (voids and recasts included)")
    client = Client(HTTP_HOST=HOST)
    client.force_login(get_user_model().objects.get(username="decisions_bench_admin"))
    figures = {
        "open": server_ms(client, reverse("needs:decision", args=[SLUG, open_id])),
        "public": server_ms(
            client, reverse("needs_public:decision", args=[decision.compound.public_token, open_id])
        ),
        "closed": server_ms(client, reverse("needs:decision", args=[SLUG, closed_id])),
    }
    print()
    for name, (ms, queries) in figures.items():
        print(f"{name:18s} {ms:8.1f} ms  {queries} queries")
    print(
        "decisions_bench "
        + " ".join(f"{name}_ms={ms:.1f}" for name, (ms, _q) in figures.items())
        + " queries="
        + ",".join(str(q) for _ms, q in figures.values())
    )


if __name__ == "__main__":
    main()
