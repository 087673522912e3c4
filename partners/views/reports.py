"""The hours reports (/c/<slug>/partners/volunteering/reports/): one month's counted hours (confirmed, not
reversed) per partner, team, kind or work unit, with a month selector (a month field that works without script,
and the months before and after), and the same rows as .xlsx or .csv through the shared writer. Observers read.

Each page is a fixed number of queries whatever the number of entries (tests/partners/test_reports.py).
"""

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from communities.access import community_view
from communities.spreadsheets import CONTENT_TYPES, Sheet, csv_bytes, xlsx_bytes

from ..queries import reports

TITLES = {
    "partner": lambda: _("Hours per partner"),
    "team": lambda: _("Hours per team"),
    "kind": lambda: _("Hours per kind of partner"),
    "work_unit": lambda: _("Hours per work unit"),
}


def _choice(request) -> tuple[str, datetime.date]:
    by = request.GET.get("by", "partner")
    if by not in reports.REPORTS:
        by = "partner"
    return by, reports.parse_month(request.GET.get("month"))


def _rows(community, by: str, month: datetime.date):
    if by == "partner":
        return reports.by_partner(community, month)
    if by == "team":
        return reports.by_team(community, month)
    if by == "kind":
        return reports.by_kind(community, month)
    return reports.by_work_unit(community, month)


PAGE_SIZE = 50


@community_view()
def hours_report(request):
    """The month's report. Per partner a page of 50 at a time; per work unit the units with their subtotals,
    and one unit's people when it is opened (?unit=...); every row is in the export."""
    by, month = _choice(request)
    previous = reports.month_start(month - datetime.timedelta(days=1))
    following = reports.month_end(month) + datetime.timedelta(days=1)
    unit = request.GET.get("unit") if by == "work_unit" else None
    page = None
    totals = reports.month_totals(request.community, month)
    if by == "partner":
        paginator = Paginator(reports.partner_rows(request.community, month), PAGE_SIZE)
        # One row per partner with counted hours this month: the totals' people. Given here, the paginator makes
        # no COUNT of its own over the month's entries (50 ms of the page's 170 on bench/volunteering.py).
        paginator.count = totals["people"]
        page = paginator.get_page(request.GET.get("page"))
        rows = reports.labelled(page.object_list)
    elif by == "work_unit":
        rows = (
            reports.work_unit_people(request.community, month, unit)
            if unit
            else reports.work_units(request.community, month)
        )
    else:
        rows = _rows(request.community, by, month)
    context = {
        "by": by,
        "title": TITLES[by](),
        "tabs": [(key, TITLES[key]()) for key in reports.REPORTS],
        "month": month,
        "previous": previous,
        "following": following,
        "rows": rows,
        "page": page,
        "unit": unit,
        "query": f"by=partner&month={month:%Y-%m}",
        "totals": totals,
    }
    return render(request, "partners/reports/hours.html", context)


def export_rows(community, by: str, month: datetime.date) -> list[list]:
    """The report as spreadsheet rows: a title line, the header, the rows (a work unit's people under it)."""
    period = month.strftime("%Y-%m")
    head = [[f"{community.name} · {TITLES[by]()} · {period}"]]
    rows = _rows(community, by, month)
    if by == "partner":
        return [
            *head,
            [_("name"), _("kind"), _("work unit"), _("times"), _("hours")],
            *[[r["name"], r["kind_label"], r["work_unit"], r["times"], r["hours"]] for r in rows],
        ]
    if by == "team":
        return [
            *head,
            [_("team"), _("people"), _("times"), _("hours")],
            *[[r["name"], r["people"], r["times"], r["hours"]] for r in rows],
        ]
    if by == "kind":
        return [
            *head,
            [_("kind"), _("people"), _("times"), _("hours")],
            *[[r["label"], r["people"], r["times"], r["hours"]] for r in rows],
        ]
    lines = [*head, [_("work unit"), _("name"), _("kind"), _("times"), _("hours")]]
    for unit in rows:
        lines += [[unit.name, p["name"], p["kind_label"], p["times"], p["hours"]] for p in unit.people]
        lines.append([unit.name, _("subtotal"), "", unit.times, unit.hours])
    return lines


@community_view()
def hours_report_export(request):
    by, month = _choice(request)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in CONTENT_TYPES:
        raise Http404
    rows = export_rows(request.community, by, month)
    title = TITLES[by]()
    data = xlsx_bytes(Sheet(title, rows)) if fmt == "xlsx" else csv_bytes(rows)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"hours-{by.replace('_', '-')}-{month:%Y-%m}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
