"""Export a roster as CSV or XLSX with the canonical header row; the importer reads it back unchanged."""

import csv
import io

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from ..models import Community, Compound, Household
from .households import HOUSEHOLD_COLUMNS
from .reading import FORMULA_QUOTED
from .values import OCCUPANCY_EXPORT, RENOVATION_EXPORT

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """A text a spreadsheet would run as a formula gets a leading apostrophe (reading.unquote takes it off);
    so does a text that already starts with an apostrophe before one of those, so the round trip holds."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or (value[:1] == "'" and value[1:2] in FORMULA_QUOTED)
    ):
        return "'" + value
    return value


def _language() -> str:
    return "zh" if (get_language() or "zh-hans").startswith("zh") else "en"


def export_rows(*, community: Community | None = None, compound: Compound | None = None, households=None):
    """The header row, then one row per household, in the language of the request.

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
            neutralise(name),
            neutralise(building),
            neutralise(unit),
            neutralise(room),
            neutralise(head),
            neutralise(phone),
            residents if residents is not None else "",
            area if area is not None else "",
            renovation.get(reno, reno),
            occupancy.get(occ, occ),
            neutralise(notes),
        ]


def export_csv(*, community: Community, compound: Compound | None = None) -> bytes:
    """UTF-8 with a BOM, so Excel on a Chinese Windows opens it without garbling."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in export_rows(community=community, compound=compound):
        writer.writerow(["" if v is None else (f"{v:f}" if hasattr(v, "as_tuple") else v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(title: str, rows) -> bytes:
    """One sheet of rows; every text cell is stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "roster")
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_xlsx(*, community: Community, compound: Compound | None = None) -> bytes:
    title = compound.name if compound else community.name
    return _xlsx(title, export_rows(community=community, compound=compound))


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
    return _xlsx(_("problems"), rows)


def export_file(*, community: Community, compound: Compound | None = None, fmt: str = "xlsx") -> bytes:
    if fmt == "csv":
        return export_csv(community=community, compound=compound)
    return export_xlsx(community=community, compound=compound)


def export_filename(*, community: Community, compound: Compound | None, fmt: str) -> str:
    base = compound.name if compound is not None else community.name
    return f"{base}-花名册.{fmt}" if _language() == "zh" else f"{base}-roster.{fmt}"
