"""The volunteer lists: the upload page and history (community admins), built from the shared import flow's
helpers (communities.roster.views); the partners a list left out (listed, never marked as left); and the
registry's export (staff), with the registry's filters. The preview, confirmation and problems are the flow's
own pages (communities:roster_import and the rest), in the words of templates/partners/roster/."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from communities.access import community_view
from communities.models import Role, RosterImport
from communities.roster.views import import_history, import_upload
from communities.spreadsheets import CONTENT_TYPES

from .. import queries
from ..forms import PartnerFilterForm
from ..models import Partner
from ..roster import PARTNERS
from ..roster.columns import EXPORT_HEADERS, KIND_NAMES_ZH
from ..roster.exporting import export_file, export_filename

MISSING_PAGE = 100


@community_view(Role.ADMIN)
def partner_import(request):
    form, done = import_upload(request, kind=PARTNERS.name)
    if done is not None:
        return done
    return render(
        request,
        "partners/import.html",
        {
            "form": form,
            "page": import_history(request, kind=PARTNERS.name),
            "headers": EXPORT_HEADERS["zh"],
            "kinds": KIND_NAMES_ZH.values(),
        },
    )


@community_view(Role.ADMIN)
def partner_import_missing(request, pk):
    """The partners of the registry that a list left out: they stay as they are."""
    roster_import = get_object_or_404(RosterImport, community=request.community, kind=PARTNERS.name, pk=pk)
    partners = Partner.objects.filter(
        community=request.community, pk__in=roster_import.missing
    ).select_related("compound", "building")
    page = Paginator(partners.order_by("name", "id"), MISSING_PAGE).get_page(request.GET.get("page"))
    return render(request, "partners/import_missing.html", {"roster_import": roster_import, "page": page})


@community_view(Role.STAFF)
def partner_export(request):
    """The registry (as filtered on its page) as .xlsx or .csv, re-importable with no change."""
    form = PartnerFilterForm(request.GET or None, community=request.community)
    filters = form.cleaned_data if form.is_valid() else {}
    fmt = request.GET.get("format", "xlsx")
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(
        export_file(queries.registry(request.community, filters), fmt=fmt), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = content_disposition_header(
        True, export_filename(request.community, fmt=fmt)
    )
    return response
