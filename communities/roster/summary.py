"""What the preview of a household roster says beside the counts: the totals of the file (households,
residents), its first rows as they will be stored, and the columns it lacks with what that means.

A roster without a renovation column makes every new household "not renovated", and a levy for renovated
households only then charges none of them: the preview says so with the numbers, before anything is written.
The engine calls `household_summary` through the writer (`HouseholdWriter.summary`) on every run, a preview or
an import, so the page, the Django admin and `import_households --json` say the same.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Household
from .kinds import KEEP, ColumnSpec, Summary
from .parsing import ParseResult
from .plan import Plan


def _column_missing(parsed: ParseResult, spec: ColumnSpec, name: str) -> bool:
    """No sheet read has this column, or no row fills it in (an empty column says no more than a missing one)."""
    if not any(name in headers for headers in parsed.headers.values()):
        return True
    at = spec.value_index[name]
    return all(row.values[at] is KEEP or row.values[at] in (None, "") for row in parsed.rows)


def _renovation_warning(new: int, kept: int) -> str:
    if not kept:
        return ngettext(
            "No renovation column: the %(count)s household will be recorded as not renovated (未装修); "
            "a levy limited to renovated households will charge no one.",
            "No renovation column: all %(count)s households will be recorded as not renovated (未装修); "
            "a levy limited to renovated households will charge none of them.",
            new,
        ) % {"count": new}
    first = ngettext(
        "No renovation column: the %(count)s new household will be recorded as not renovated (未装修), "
        "and a levy limited to renovated households will not charge it.",
        "No renovation column: the %(count)s new households will be recorded as not renovated (未装修), "
        "and a levy limited to renovated households will charge none of them.",
        new,
    ) % {"count": new}
    second = ngettext(
        "The %(count)s household already in the roster keeps its renovation status.",
        "The %(count)s households already in the roster keep their renovation status.",
        kept,
    ) % {"count": kept}
    return f"{first} {second}"


def _warnings(parsed: ParseResult, spec: ColumnSpec, new: int, kept: int) -> list[str]:
    """A sentence for each column that is missing (or empty) and that changes what the new households get."""
    if not new:
        return []  # existing households keep what they have for every missing column
    warnings = []
    if _column_missing(parsed, spec, "renovation"):
        warnings.append(_renovation_warning(new, kept))
    if _column_missing(parsed, spec, "occupancy"):
        warnings.append(
            ngettext(
                "No occupancy column: the %(count)s new household will be recorded as occupied.",
                "No occupancy column: the %(count)s new households will be recorded as occupied.",
                new,
            )
            % {"count": new}
        )
    if _column_missing(parsed, spec, "head_name"):
        warnings.append(
            ngettext(
                "No head-of-household column: the %(count)s new household will have no head's name; "
                "staff will know it by its room only.",
                "No head-of-household column: the %(count)s new households will have no head's name; "
                "staff will know them by their room only.",
                new,
            )
            % {"count": new}
        )
    if _column_missing(parsed, spec, "residents"):
        warnings.append(
            ngettext(
                "No residents column: the number of residents of the %(count)s new household stays empty, "
                "and the resident total is not known.",
                "No residents column: the number of residents of the %(count)s new households stays empty, "
                "and the resident total is not known.",
                new,
            )
            % {"count": new}
        )
    if _column_missing(parsed, spec, "phone"):
        warnings.append(
            ngettext(
                "No phone column: the %(count)s new household will have no phone number.",
                "No phone column: the %(count)s new households will have no phone number.",
                new,
            )
            % {"count": new}
        )
    if _column_missing(parsed, spec, "floor_area"):
        warnings.append(
            ngettext(
                "No floor-area column: the floor area of the %(count)s new household stays empty.",
                "No floor-area column: the floor area of the %(count)s new households stays empty.",
                new,
            )
            % {"count": new}
        )
    return warnings


def _shown(value) -> str:
    if value is None or value is KEEP:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def household_summary(*, parsed: ParseResult, plan: Plan, spec: ColumnSpec) -> Summary:
    """The totals, the first rows as stored and the missing-column warnings of a household roster."""
    at = spec.value_index
    has_residents = not _column_missing(parsed, spec, "residents")
    counted = [row.values[at["residents"]] for row in parsed.rows]
    counted = [n for n in counted if isinstance(n, int) and not isinstance(n, bool)]
    totals = {
        "households": len(parsed.rows),
        "residents": sum(counted) if has_residents else None,
        "without_residents": len(parsed.rows) - len(counted) if has_residents else None,
    }
    new = len(plan.new)
    sample = []
    renovation = dict(Household.Renovation.choices)
    occupancy = dict(Household.Occupancy.choices)
    for row, values, status in plan.sample:
        value = dict(zip(spec.value_fields, values, strict=True))
        sample.append(
            {
                "row": row.row,
                "sheet": row.sheet,
                "scope": row.scope,
                "label": spec.label(*row.key),
                "status": status,
                "head_name": _shown(value["head_name"]),
                "phone": _shown(value["phone"]),
                "residents": _shown(value["residents"]),
                "floor_area": _shown(value["floor_area"]),
                "renovation": str(renovation.get(value["renovation"], "")),
                "occupancy": str(occupancy.get(value["occupancy"], "")),
            }
        )
    return Summary(
        totals=totals,
        warnings=_warnings(parsed, spec, new, len(parsed.rows) - new),
        sample=sample,
    )
