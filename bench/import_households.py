"""Benchmark of the household roster import (not a test).

Generates a 100,000-row roster (10 compounds, realistic Chinese names and phones) as CSV and XLSX, then on
PostgreSQL times, in one run: the import of new rows from CSV, the same from XLSX, a re-import of the unchanged
file, a dry run, a re-import with 10% of the rows changed, and a plain `COPY` of the same rows into a bare table.
It prints each time, rows/s and the peak memory; for scale, `floor: copy_table=…`, the same rows, already
typed and in key order, copied into an empty table with the household table's indexes and foreign key,
against the bare COPY (what no import can beat); and ends with one line:

    ratio_to_copy csv_new=… xlsx_new=… unchanged=… changed10=… dry_run=…

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/hehuo_bench .venv/bin/python bench/import_households.py
(the database is created if missing and emptied of roster data first; ROWS=20000 for a quicker run).
"""

import csv
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hehuo_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DJANGO_DEBUG"] = "0"  # no query log
MEDIA = tempfile.mkdtemp(prefix="hehuo-bench-media-")
os.environ["DJANGO_MEDIA_ROOT"] = MEDIA

ROWS = int(os.environ.get("ROWS", "100000"))
COMPOUNDS = 10
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强海燕德胜春梅小红文斌国庆淑珍凤英"


def ensure_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def roster_rows(seed: int = 2026) -> list[list[str]]:
    rng = random.Random(seed)
    from communities.roster.columns import EXPORT_HEADERS_ZH

    header = list(EXPORT_HEADERS_ZH)
    rows = [header]
    per_compound = ROWS // COMPOUNDS
    for c in range(COMPOUNDS):
        compound = f"第{c + 1}小区"
        n = 0
        building = 1
        while n < per_compound:
            for unit in range(1, 5):
                for floor in range(1, 26):
                    for door in range(1, 2):
                        if n >= per_compound:
                            break
                        name = rng.choice(SURNAMES) + "".join(
                            rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))
                        )
                        phone = (
                            "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
                        )
                        rows.append(
                            [
                                compound,
                                f"{building}号楼" if rng.random() < 0.3 else f"{building}栋",
                                str(unit),
                                f"{floor}0{door}",
                                name,
                                phone,
                                str(rng.randint(1, 6)),
                                f"{rng.randint(45, 140)}.{rng.randint(0, 9)}",
                                rng.choice(["已装修", "未装修"]),
                                rng.choice(["已入住", "已入住", "已入住", "空置"]),
                                "",
                            ]
                        )
                        n += 1
            building += 1
    return rows


def to_csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from communities.models import AuditEntry, Building, Community, Compound, Household, RosterImport
    from communities.roster.services import roster_import_apply

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; rows: {ROWS}")
    if connection.vendor != "postgresql":
        sys.exit("the benchmark runs on PostgreSQL: set DATABASE_URL")

    # A clean slate: only the benchmark's communities.
    # (Plain DELETE statements: the ORM's delete() would load every household into memory first.)
    slugs = ["bench-a", "bench-b"]
    ids = list(Community.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for model in (Household, Building, RosterImport, AuditEntry, Compound):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE community_id = ANY(%s)", [ids])
    Community.objects.filter(pk__in=ids).delete()
    communities = {}
    for slug in slugs:
        community = Community.objects.create(name=slug, slug=slug)
        Compound.objects.bulk_create(
            Compound(community=community, name=f"第{c + 1}小区") for c in range(COMPOUNDS)
        )
        communities[slug] = community

    # The files are made in a child process, so that the peak memory below is the import's own.
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="hehuo-bench-files-"))
    subprocess.run([sys.executable, __file__, "--generate", str(folder)], check=True)
    csv_data = (folder / "roster.csv").read_bytes()
    xlsx_data = (folder / "roster.xlsx").read_bytes()
    changed_csv = (folder / "changed.csv").read_bytes()
    n = ROWS // COMPOUNDS * COMPOUNDS
    print(
        f"generated {n} rows in {time.perf_counter() - started:.1f} s: "
        f"CSV {len(csv_data) / 1e6:.1f} MB, XLSX {len(xlsx_data) / 1e6:.1f} MB"
    )

    times: dict[str, float] = {}

    def step(name: str, community, data: bytes, filename: str, expect: dict, dry_run: bool = False) -> None:
        start = time.perf_counter()
        outcome = roster_import_apply(
            community=community, actor=None, data=data, filename=filename, dry_run=dry_run
        )
        elapsed = time.perf_counter() - start
        times[name] = elapsed
        got = {k: getattr(outcome, k) for k in expect}
        assert not outcome.problems, outcome.problems[:3]
        assert got == expect, (name, got, expect)
        print(
            f"{name:<10} {elapsed:7.2f} s  {n / elapsed:9.0f} rows/s  peak {peak_mb():6.0f} MB  "
            f"new={outcome.new} changed={outcome.changed} unchanged={outcome.unchanged}"
        )

    step("csv_new", communities["bench-a"], csv_data, "roster.csv", {"new": n, "changed": 0})
    step("xlsx_new", communities["bench-b"], xlsx_data, "roster.xlsx", {"new": n, "changed": 0})
    step(
        "unchanged", communities["bench-a"], csv_data, "roster.csv", {"new": 0, "changed": 0, "unchanged": n}
    )
    step("dry_run", communities["bench-a"], changed_csv, "changed.csv", {"new": 0, "changed": n // 10}, True)
    step("changed10", communities["bench-a"], changed_csv, "changed.csv", {"new": 0, "changed": n // 10})

    # COPY of the same rows into a bare table: what the import is measured against (the median of 3 runs).
    copies = []
    with connection.cursor() as cursor:
        for _run in range(3):
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
            cursor.execute(
                "CREATE TABLE bench_copy (compound text, building text, unit text, room text, head_name text, "
                "phone text, residents text, floor_area text, renovation text, occupancy text, notes text)"
            )
            start = time.perf_counter()
            cursor.copy_expert(
                "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)",
                io.BytesIO(csv_data[3:]),
            )
            copies.append(time.perf_counter() - start)
            cursor.execute("SELECT count(*) FROM bench_copy")
            assert cursor.fetchone()[0] == n
        cursor.execute("DROP TABLE bench_copy")
    times["copy"] = sorted(copies)[1]
    print(
        f"{'copy':<10} {times['copy']:7.2f} s  {n / times['copy']:9.0f} rows/s  (runs: "
        + ", ".join(f"{t:.2f}" for t in copies)
        + ")"
    )
    times["copy_table"] = copy_into_household_table(connection, communities["bench-a"], n)
    print(
        f"{'copy_table':<10} {times['copy_table']:7.2f} s  {n / times['copy_table']:9.0f} rows/s  "
        "(the import's rows, typed and in key order, into a copy of the household table with its keys)"
    )
    print(f"peak memory {peak_mb():.0f} MB")
    ratios = " ".join(
        f"{name}={times[name] / times['copy']:.1f}"
        for name in ("csv_new", "xlsx_new", "unchanged", "changed10", "dry_run")
    )
    print(f"floor: copy_table={times['copy_table'] / times['copy']:.1f} (the household table's keys alone)")
    print(f"ratio_to_copy {ratios}")


def copy_into_household_table(connection, community, n: int) -> float:
    """The database's own share of a new import: COPY the rows the import wrote (already typed, in the order
    of the natural key) into an empty table with the household table's indexes, checks and foreign key, and
    commit. No import can write these rows faster than this."""
    from django.db import transaction

    columns = (
        "community_id, compound_id, building_id, unit, room, room_sort, floor_area, head_name, phone, residents, "
        "occupancy, renovation, is_low_income, is_elderly_alone, notes, access_code, created_at, updated_at"
    )
    rows = io.StringIO()
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY (SELECT {columns} FROM communities_household WHERE community_id = {int(community.pk)} "  # noqa: S608
            "ORDER BY compound_id, building_id, unit, room) TO STDOUT",
            rows,
        )
        cursor.execute("DROP TABLE IF EXISTS bench_household")
        cursor.execute("CREATE TABLE bench_household (LIKE communities_household INCLUDING ALL)")
        cursor.execute(
            "ALTER TABLE bench_household ADD FOREIGN KEY (building_id, compound_id, community_id) "
            "REFERENCES communities_building (id, compound_id, community_id) DEFERRABLE INITIALLY DEFERRED"
        )
    rows.seek(0)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.copy_expert(f"COPY bench_household ({columns}) FROM STDIN", rows)
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_household")
        assert cursor.fetchone()[0] == n
        cursor.execute("DROP TABLE bench_household")
    return elapsed


def generate(folder: Path) -> None:
    rows = roster_rows()
    (folder / "roster.csv").write_bytes(to_csv(rows))
    (folder / "roster.xlsx").write_bytes(to_xlsx(rows))
    rng = random.Random(7)
    for row in rng.sample(rows[1:], len(rows[1:]) // 10):
        row[4] = row[4] + "明"  # 10% of the heads of household change
    (folder / "changed.csv").write_bytes(to_csv(rows))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--generate"]:
        generate(Path(sys.argv[2]))
    else:
        main()
