"""The roster pages of a compound: upload, preview, confirm, result, history, export. Community admins only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import access
from .errors import DomainError
from .models import Household, Role, RosterImport
from .roster import exporting
from .roster import services as roster
from .roster.forms import RosterUploadForm

PROBLEMS_SHOWN = 200
MISSING_SHOWN = 500


def roster_import_for(request, pk: int) -> RosterImport:
    return get_object_or_404(
        RosterImport.objects.select_related("compound", "created_by", "applied_by"),
        community=request.community,
        pk=pk,
    )


def _enqueue(task: str, roster_import: RosterImport) -> None:
    """Hand the work to the task worker; the request returns at once and the page polls the progress."""
    from . import tasks

    getattr(tasks, task).enqueue(roster_import.pk)


@access.community_view(Role.ADMIN)
def roster_page(request, pk):
    compound = access.compound_for(request, pk)
    form = RosterUploadForm(request.POST, request.FILES) if request.method == "POST" else RosterUploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster_import = roster.roster_import_start(
                community=request.community,
                actor=request.user,
                filename=upload.name,
                data=upload.read(),
                compound=compound,
                create_compounds=form.cleaned_data["create_compounds"],
                language=get_language() or "",
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            _enqueue("roster_preview", roster_import)
            return redirect("communities:roster_import", slug=request.community.slug, pk=roster_import.pk)
    history = Paginator(
        RosterImport.objects.filter(community=request.community, compound=compound).select_related(
            "created_by"
        ),
        20,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "communities/roster/roster.html",
        {
            "compound": compound,
            "form": form,
            "page": history,
            "household_count": Household.objects.filter(compound=compound).count(),
        },
    )


def _import_context(request, roster_import: RosterImport) -> dict:
    return {
        "roster_import": roster_import,
        "compound": roster_import.compound,
        "problems": roster_import.errors[:PROBLEMS_SHOWN],
        "more_problems": max(roster_import.error_count - PROBLEMS_SHOWN, 0),
        "counts": roster_import.counts,
    }


@access.community_view(Role.ADMIN)
def roster_import_detail(request, pk):
    roster_import = roster_import_for(request, pk)
    return render(request, "communities/roster/import.html", _import_context(request, roster_import))


@access.community_view(Role.ADMIN)
def roster_import_progress(request, pk):
    """The status block alone, polled by htmx while the worker runs; reloads the page when it is done."""
    roster_import = roster_import_for(request, pk)
    response = render(request, "communities/roster/_status.html", _import_context(request, roster_import))
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
        else:
            _enqueue("roster_apply", roster_import)
        return redirect("communities:roster_import", slug=request.community.slug, pk=roster_import.pk)
    return render(request, "communities/roster/confirm.html", _import_context(request, roster_import))


@access.community_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def roster_import_moved_out(request, pk):
    roster_import = roster_import_for(request, pk)
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
    response = HttpResponse(
        exporting.problems_xlsx(roster_import), content_type=exporting.CONTENT_TYPES["xlsx"]
    )
    stem = roster_import.filename.rsplit(".", 1)[0] or "roster"
    response["Content-Disposition"] = content_disposition_header(
        True, _("%(file)s-problems.xlsx") % {"file": stem}
    )
    return response


@access.community_view(Role.ADMIN)
def roster_export(request, pk):
    compound = access.compound_for(request, pk)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    data = exporting.export_file(community=request.community, compound=compound, fmt=fmt)
    response = HttpResponse(data, content_type=exporting.CONTENT_TYPES[fmt])
    filename = exporting.export_filename(community=request.community, compound=compound, fmt=fmt)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
