"""The audit log: every write through a service function records one entry here."""

from typing import Any

from django.db import models

from .masking import mask_phone
from .models import AuditEntry, Community

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
