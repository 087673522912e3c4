"""The import pages, community admins only.

For any kind of list: an import's page with its progress, confirmation, original file and problems (as a
spreadsheet), each rendering the kind's own partial templates for its words; and `import_upload` and
`import_history`, the upload form and the history of a kind's upload page. The household roster's own pages:
a compound's roster (upload, history, export) and the households missing from a file.

Another app's kind makes its upload page from the two helpers and links to `communities:roster_import`:

    form, done = import_upload(request, kind="volunteers")
    if done:
        return done
    return render(request, ..., {"form": form, "page": import_history(request, kind="volunteers")})
"""

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import access
from ..errors import DomainError
from ..models import Compound, Household, Role, RosterImport
from ..spreadsheets import CONTENT_TYPES
from . import exporting
from . import services as roster
from .households import HOUSEHOLDS
from .kinds import import_kind_get

PROBLEMS_SHOWN = 200
MISSING_SHOWN = 500


def roster_import_for(request, pk: int) -> RosterImport:
    return get_object_or_404(
        RosterImport.objects.select_related("community", "compound", "created_by", "applied_by"),
        community=request.community,
        pk=pk,
    )


# --- for the upload page of any kind -------------------------------------------------------------


def import_upload(request, *, kind: str, compound: Compound | None = None, **options):
    """The kind's upload form (built with `options`): (form, None), or on a valid upload (form, the redirect to
    the import's page, where the preview appears once the worker has read the file)."""
    form_class = import_kind_get(kind).upload_form
    form = (
        form_class(request.POST, request.FILES, **options)
        if request.method == "POST"
        else form_class(**options)
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster_import = roster.roster_import_start(
                kind=kind,
                community=request.community,
                actor=request.user,
                filename=upload.name,
                data=upload.read(),
                compound=compound,
                create_compounds=form.cleaned_data.get("create_compounds", False),
                language=get_language() or "",
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return form, redirect(
                "communities:roster_import", slug=request.community.slug, pk=roster_import.pk
            )
    return form, None


def import_history(request, *, kind: str, compound: Compound | None = None) -> Page:
    """The community's imports of this kind (of one compound, if given), newest first, 20 a page."""
    imports = RosterImport.objects.filter(community=request.community, kind=kind)
    if compound is not None:
        imports = imports.filter(compound=compound)
    return Paginator(imports.select_related("created_by"), 20).get_page(request.GET.get("page"))


# --- an import's pages, any kind -----------------------------------------------------------------


def skipped_groups(skipped: list[dict]) -> list[dict]:
    """Skipped rows as a person reads them: consecutive rows of one sheet skipped for the same reason in one
    line ("rows 5–9: blank"), each with its first row, last row, reason and (for one row) its first words."""
    groups: list[dict] = []
    for item in skipped:
        last = groups[-1] if groups else None
        if (
            last is not None
            and last["why"] == item["why"] == "blank"
            and last["sheet"] == item["sheet"]
            and last["last"] + 1 == item["row"]
        ):
            last["last"] = item["row"]
            continue
        groups.append({**item, "last": item["row"]})
    return groups


def _import_context(roster_import: RosterImport) -> dict:
    kind = import_kind_get(roster_import.kind)
    report = roster_import.report or {}
    return {
        "report": report,
        "skipped": skipped_groups(report.get("skipped", [])),
        "more_skipped": max(report.get("skipped_count", 0) - len(report.get("skipped", [])), 0),
        "roster_import": roster_import,
        "kind": kind,
        "upload_url": kind.upload_url(roster_import),
        "compound": roster_import.compound,
        "problems": roster_import.errors[:PROBLEMS_SHOWN],
        "more_problems": max(roster_import.error_count - PROBLEMS_SHOWN, 0),
        "counts": roster_import.counts,
    }


@access.community_view(Role.ADMIN)
def roster_import_detail(request, pk):
    roster_import = roster_import_for(request, pk)
    return render(request, "communities/roster/import.html", _import_context(roster_import))


@access.community_view(Role.ADMIN)
def roster_import_progress(request, pk):
    """The status block alone, polled by htmx while the worker runs; reloads the page when it is done."""
    roster_import = roster_import_for(request, pk)
    response = render(request, "communities/roster/_status.html", _import_context(roster_import))
    if request.htmx and not roster_import.is_running:
        response["HX-Refresh"] = "true"
    return response


@access.community_view(Role.ADMIN)
def roster_import_confirm(request, pk):
    roster_import = roster_import_for(request, pk)
    if request.method == "POST":
        try:
            roster_import = roster.roster_import_confirm(roster_import=roster_import, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("communities:roster_import", slug=request.community.slug, pk=roster_import.pk)
    return render(request, "communities/roster/confirm.html", _import_context(roster_import))


@access.community_view(Role.ADMIN)
def roster_import_file(request, pk):
    """The original file as uploaded: for community admins only."""
    roster_import = roster_import_for(request, pk)
    return FileResponse(roster_import.file.open("rb"), as_attachment=True, filename=roster_import.filename)


@access.community_view(Role.ADMIN)
def roster_import_problems(request, pk):
    """The preview's problems as a spreadsheet (a file with hundreds of problems is easier fixed from a list)."""
    roster_import = roster_import_for(request, pk)
    if not roster_import.error_count:
        raise Http404
    response = HttpResponse(exporting.problems_xlsx(roster_import), content_type=CONTENT_TYPES["xlsx"])
    stem = roster_import.filename.rsplit(".", 1)[0] or "roster"
    response["Content-Disposition"] = content_disposition_header(
        True, _("%(file)s-problems.xlsx") % {"file": stem}
    )
    return response


# --- the household roster's own pages ----------------------------------------------------------


@access.community_view(Role.ADMIN)
def roster_page(request, pk):
    compound = access.compound_for(request, pk)
    # "Create compounds named in the file" is offered once a file named compounds that do not exist (the
    # preview links back here with ?create_compounds=1); every other row goes to this compound.
    offer = "1" in (request.GET.get("create_compounds"), request.POST.get("offer_create_compounds"))
    form, done = import_upload(request, kind=HOUSEHOLDS.name, compound=compound, offer_create_compounds=offer)
    if done is not None:
        return done
    return render(
        request,
        "communities/roster/roster.html",
        {
            "compound": compound,
            "form": form,
            "page": import_history(request, kind=HOUSEHOLDS.name, compound=compound),
            "household_count": Household.objects.filter(compound=compound).count(),
            "offer_create_compounds": offer,
        },
    )


@access.community_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def roster_import_moved_out(request, pk):
    roster_import = roster_import_for(request, pk)
    if roster_import.kind != HOUSEHOLDS.name:
        raise Http404
    missing = (
        Household.objects.filter(community=request.community, pk__in=roster_import.missing)
        .exclude(occupancy=Household.Occupancy.MOVED_OUT)
        .select_related("building", "compound")
    )
    if request.method == "POST":
        try:
            count = roster.roster_mark_moved_out(
                roster_import=roster_import,
                household_ids=request.POST.getlist("household"),
                actor=request.user,
            )
        except (DomainError, ValueError) as error:
            messages.error(
                request, getattr(error, "message", _("Choose at least one household from the list."))
            )
        else:
            messages.success(request, _("%(count)s households were marked as moved out.") % {"count": count})
            return redirect("communities:roster_import", slug=request.community.slug, pk=roster_import.pk)
    shown = list(missing[:MISSING_SHOWN])
    return render(
        request,
        "communities/roster/moved_out.html",
        {"roster_import": roster_import, "households": shown, "more": max(missing.count() - len(shown), 0)},
    )


@access.community_view(Role.ADMIN)
def roster_export(request, pk):
    compound = access.compound_for(request, pk)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    data = exporting.export_file(community=request.community, compound=compound, fmt=fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = exporting.export_filename(community=request.community, compound=compound, fmt=fmt)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
