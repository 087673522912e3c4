"""Every tenant table is keyed by community (DESIGN.md, "Tenancy"): scoping is one filter, and the schema can be
distributed by `community_id` (docs/scaling.md). A new model without it fails here."""

from django.apps import apps

from communities.models import Community

TENANT_APPS = ["communities", "partners", "funds", "needs", "recognition"]

# Tables that are not a community's own rows, each with the reason.
NOT_TENANT = {
    # The tenant itself: the distribution key is its primary key.
    "communities.community",
}


def test_every_tenant_model_carries_its_community():
    missing = []
    for label in TENANT_APPS:
        # include_auto_created: many-to-many tables (a levy's scope buildings) are tenant rows too.
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower in NOT_TENANT:
                continue
            try:
                field = model._meta.get_field("community")
            except Exception:  # noqa: BLE001 - FieldDoesNotExist, named below
                missing.append(model._meta.db_table)
                continue
            if field.related_model is not Community or field.column != "community_id":
                missing.append(model._meta.db_table)
    assert missing == [], f"tenant tables without community_id: {missing}"


def test_every_tenant_table_has_an_index_that_leads_with_community_id(db):
    from django.db import connection

    tables = {
        model._meta.db_table
        for label in TENANT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.label_lower not in NOT_TENANT
    }
    without = []
    with connection.cursor() as cursor:
        for table in sorted(tables):
            constraints = connection.introspection.get_constraints(cursor, table)
            if not any(
                (c["index"] or c["unique"]) and c["columns"] and c["columns"][0] == "community_id"
                for c in constraints.values()
            ):
                without.append(table)
    assert without == []


def test_no_tenant_table_keeps_a_community_id_index_that_a_composite_one_covers(db):
    """A single-column community_id index beside an index leading with community_id is only written, never
    read (migrations communities 0014, funds 0015 dropped nine)."""
    from django.db import connection

    redundant = []
    with connection.cursor() as cursor:
        for label in TENANT_APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                table = model._meta.db_table
                constraints = connection.introspection.get_constraints(cursor, table).values()
                indexes = [c["columns"] for c in constraints if (c["index"] or c["unique"]) and c["columns"]]
                if ["community_id"] in indexes and any(
                    len(columns) > 1 and columns[0] == "community_id" for columns in indexes
                ):
                    redundant.append(table)
    assert redundant == []
