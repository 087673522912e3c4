"""Export a roster as CSV or XLSX with the canonical header row; the importer reads it back unchanged.

The rows are plain values; the files are written by the one spreadsheet writer (communities/spreadsheets.py),
which makes every text harmless to a spreadsheet and keeps numbers numbers."""

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from ..models import Community, Compound, Household
from ..spreadsheets import (
    Sheet,
    csv_bytes,
    neutralise,  # noqa: F401  (re-exported: the roster tests import it from here)
    xlsx_bytes,
)
from .households import HOUSEHOLD_COLUMNS
from .values import OCCUPANCY_EXPORT, RENOVATION_EXPORT


def _language() -> str:
    return "zh" if (get_language() or "zh-hans").startswith("zh") else "en"


def export_rows(*, community: Community | None = None, compound: Compound | None = None, households=None):
    """The header row, then one row per household, in the language of the request, the values as stored (the
    writer makes them harmless).

    Either a community (and optionally one compound) or a queryset of households (the Django admin's list)."""
    language = _language()
    yield list(HOUSEHOLD_COLUMNS.export_headers[language])
    renovation, occupancy = RENOVATION_EXPORT[language], OCCUPANCY_EXPORT[language]
    if households is None:
        households = Household.objects.filter(community=community)
        if compound is not None:
            households = households.filter(compound=compound)
    households = households.order_by(
        "compound__name", "building__sort_key", "building__label", "unit", "room_sort", "room"
    ).values_list(
        "compound__name",
        "building__label",
        "unit",
        "room",
        "head_name",
        "phone",
        "residents",
        "floor_area",
        "renovation",
        "occupancy",
        "notes",
    )
    for name, building, unit, room, head, phone, residents, area, reno, occ, notes in households.iterator(
        chunk_size=5000
    ):
        yield [
            name,
            building,
            unit,
            room,
            head,
            phone,
            residents,
            area,
            renovation.get(reno, reno),
            occupancy.get(occ, occ),
            notes,
        ]


def export_csv(*, community: Community, compound: Compound | None = None) -> bytes:
    return csv_bytes(export_rows(community=community, compound=compound))


def export_xlsx(*, community: Community, compound: Compound | None = None) -> bytes:
    title = compound.name if compound else community.name
    return xlsx_bytes(Sheet(title=title, rows=export_rows(community=community, compound=compound)))


def problems_xlsx(roster_import) -> bytes:
    """The problems a preview found, as a spreadsheet to work through beside the file: sheet, row, column and
    what to do, in the order of the file (the first MAX_STORED_PROBLEMS of them, and how many more there are)."""
    rows = [[_("sheet"), _("row"), _("column"), _("problem")]]
    rows += [
        [p.get("sheet", ""), p.get("row"), p.get("column", ""), p.get("message", "")]
        for p in roster_import.errors
    ]
    more = roster_import.error_count - len(roster_import.errors)
    if more > 0:
        text = ngettext(
            "and %(count)s more problem: correct these, then upload the file again.",
            "and %(count)s more problems: correct these, then upload the file again.",
            more,
        )
        rows.append(["", None, "", text % {"count": more}])
    return xlsx_bytes(Sheet(title=_("problems"), rows=rows))


def export_file(*, community: Community, compound: Compound | None = None, fmt: str = "xlsx") -> bytes:
    if fmt == "csv":
        return export_csv(community=community, compound=compound)
    return export_xlsx(community=community, compound=compound)


def export_filename(*, community: Community, compound: Compound | None, fmt: str) -> str:
    base = compound.name if compound is not None else community.name
    return f"{base}-花名册.{fmt}" if _language() == "zh" else f"{base}-roster.{fmt}"
