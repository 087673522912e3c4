"""Queries that must cost the same among thousands of communities (issue 16): each reads its own community's
rows through an index, never the whole household or compound table. Checked on the query plan, on either
database (bench/tenants.py measures the times)."""

from django.db import connection

from communities import queries


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables: otherwise any plan is cheap
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def reads_of(text: str, table: str, alias: str = "") -> list[str]:
    """Each access to `table` in the plan, with its conditions (PostgreSQL: the node and the lines under it)."""
    names = {table, alias} - {""}
    reads, current = [], None
    for line in text.splitlines():
        words = line.replace("->", " ").split()
        starts_node = "->" in line or not line.startswith(" ")
        if starts_node and current is not None:
            reads.append(current)
            current = None
        if any(f" on {name}" in line or f"SCAN {name}" in line or f"SEARCH {name}" in line for name in names):
            current = " ".join(words)
        elif current is not None:
            current += " " + " ".join(words)
    if current is not None:
        reads.append(current)
    return reads


def test_compound_page_counts_households_through_the_natural_key(world):
    qs = queries.buildings_with_counts(world.compound)
    text = plan(qs)
    reads = reads_of(text, "communities_household", "in_compound")
    assert reads, text
    # Each read of the household table is bounded by the compound (the natural key leads with it).
    assert all("compound_id" in read for read in reads), text


def test_phone_search_sorts_without_reading_every_compound(world):
    text = plan(queries.household_search(world.home, "138")[:50])
    compound_reads = reads_of(text, "communities_compound")
    # Compounds come by primary key or within the community, never all of them (a hash of every compound of
    # the database, to sort by name, was the cost among 1,000 communities).
    assert compound_reads and all(
        "community_id" in read or "id = " in read or "rowid=" in read for read in compound_reads
    ), text
    assert not reads_of(text, "communities_community", "T5"), text  # no join to the community to sort by


def test_a_compounds_households_are_listed_without_reading_every_building(world):
    text = plan(queries.compound_households(world.compound)[:50])
    building_reads = reads_of(text, "communities_building")
    # Buildings come by primary key or within the compound, never all of them (a hash of every building of the
    # database, to sort a compound's page, among 1,000 communities).
    assert building_reads and all(
        "compound_id" in read or "id = " in read or "rowid=" in read for read in building_reads
    ), text
    assert not reads_of(text, "communities_community", "T5"), text  # no join to the community to sort by
