"""The audit log: every write through a service function records one entry here.

An entry names its event (`household.update`) and its changes as {field: [old, new]}. Pages never show those
internal names: each app registers a translated label for its events (`register_actions`), its fields and the
values of its choice fields (`register_fields`), and `labelled` puts them on the entries a page shows.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .masking import mask_phone
from .models import AuditEntry, Community, Household, Role

PRIVATE_VALUE = "***"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def mask_change(field: str, value: Any) -> Any:
    if value in (None, ""):
        return value
    if field == "phone":
        return mask_phone(str(value))
    if field in {
        "access_code",
        "is_low_income",
        "is_elderly_alone",
        "notes",
        "password",
        "token",
        "reason_private",
    }:
        return PRIVATE_VALUE
    return _plain(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields only, as {field: [old, new]}, with private values masked."""
    return {
        field: [mask_change(field, before.get(field)), mask_change(field, after.get(field))]
        for field in after
        if _plain(before.get(field)) != _plain(after.get(field))
    }


def audit_record(
    *,
    community: Community | None,
    actor,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        community=community,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        action=action,
        target_type=target._meta.model_name if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes=changes or {},
    )


# Labels for the audit list. Other apps add theirs in their AppConfig.ready().
ACTION_LABELS: dict[str, Any] = {}


def register_actions(labels: dict[str, Any]) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


# Labels of the fields and of choice values in entries' changes. Other apps add theirs in AppConfig.ready().
FIELD_LABELS: dict[str, Any] = {}
VALUE_LABELS: dict[str, dict[str, Any]] = {}


def register_fields(labels: dict[str, Any], values: dict[str, Any] | None = None) -> None:
    """Labels of audited fields, and of the values of choice fields as (value, label) pairs (a field may
    gather the choices of several models, e.g. `kind`)."""
    FIELD_LABELS.update(labels)
    for field, choices in (values or {}).items():
        VALUE_LABELS.setdefault(field, {}).update({str(value): label for value, label in choices})


def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field, field))


def value_label(field: str, value: Any) -> Any:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    label = VALUE_LABELS.get(field, {}).get(str(value))
    return str(label) if label is not None else value


@dataclass
class Change:
    label: str
    old: Any
    new: Any


def labelled(entries):
    """The entries with `action_label` and `change_rows` (labels and values in the reader's language)."""
    for entry in entries:
        entry.action_label = action_label(entry.action)
        entry.change_rows = [
            Change(field_label(field), value_label(field, old), value_label(field, new))
            for field, (old, new) in _pairs(entry.changes)
        ]
    return entries


def _pairs(changes: dict):
    for field, change in (changes or {}).items():
        if isinstance(change, list | tuple) and len(change) == 2:
            yield field, change
        else:
            yield field, (None, change)


register_fields(
    {
        # community, compound
        "name": _("name"),
        "slug": _("short name"),
        "street": _("street"),
        "public_names_masked": _("show masked names on public pages"),
        "built_year": _("year built"),
        "built_month": _("month built"),
        "notes": _("notes"),
        # household
        "label": pgettext_lazy("household", "room"),
        "floor_area": _("floor area (m²)"),
        "head_name": _("head of household"),
        "phone": _("phone"),
        "residents": _("residents"),
        "occupancy": _("occupancy"),
        "renovation": _("renovation"),
        "is_low_income": _("subsistence allowance (低保户)"),
        "is_elderly_alone": _("elderly living alone (独居老人)"),
        "access_code": _("household access code"),
        # staff
        "role": _("role"),
        "note": _("note"),
        "authenticators_removed": _("two-factor devices removed"),
        # roster imports
        "file": _("file"),
        "rows": _("rows read"),
        "new": _("new households"),
        "changed": _("changed households"),
        "unchanged": _("unchanged households"),
        "missing": _("households missing from the file"),
        "compounds_created": _("compounds added"),
        "moved_out": _("households marked as moved out"),
    },
    values={
        "occupancy": Household.Occupancy.choices,
        "renovation": Household.Renovation.choices,
        "role": Role.choices,
    },
)
