"""The Django admin's roster import and export: django-import-export's buttons and format layer, with the
roster flow behind them (the same preview, problems and result as the staff page and the command line; the
flow's services queue the worker's steps themselves)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

from ..errors import DomainError
from ..models import Community, Compound, Household
from ..spreadsheets import Sheet, csv_bytes, neutralise, xlsx_bytes
from . import services
from .exporting import export_rows
from .forms import RosterUploadForm


class HouseholdResource(resources.ModelResource):
    """Exports the canonical roster columns (re-importable with no change) for the admin's filtered list, in
    the formats the spreadsheet writer does not write (.xls, .ods, .tsv, JSON…), every text made harmless."""

    class Meta:
        model = Household
        fields = ("id",)

    def export(self, queryset=None, **kwargs):
        import tablib

        queryset = Household.objects.all() if queryset is None else queryset
        rows = export_rows(households=queryset)
        dataset = tablib.Dataset(headers=next(rows))
        for row in rows:
            dataset.append(["" if value is None else str(neutralise(value)) for value in row])
        return dataset


class AdminRosterForm(RosterUploadForm):
    community = forms.ModelChoiceField(label=gettext_lazy("community"), queryset=Community.objects.all())
    compound = forms.ModelChoiceField(
        label=gettext_lazy("compound"),
        queryset=Compound.objects.select_related("community"),
        required=False,
        help_text=gettext_lazy("For files without a 小区 column."),
    )
    field_order = ["community", "compound", "file", "create_compounds"]

    def clean(self):
        data = super().clean()
        if (
            data.get("compound")
            and data.get("community")
            and data["compound"].community_id != data["community"].pk
        ):
            self.add_error("compound", _("Choose a compound of this community."))
        return data


# The admin writes its export within the request: past this many households (about 3 s as .xlsx) it asks for a
# narrower list or the command line instead, so that no request runs for more than a few seconds.
ADMIN_EXPORT_LIMIT = 20_000


class RosterImportExportAdmin(ImportExportModelAdmin):
    """Household admin mixin: Import runs the roster engine through the task queue; Export writes the roster."""

    resource_classes = [HouseholdResource]

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        count = queryset.count()
        if count > ADMIN_EXPORT_LIMIT:
            # django-import-export shows a ValueError as a message on its export page.
            raise ValueError(
                _(
                    "%(count)s households are more than the admin exports at once (%(limit)s). Filter the list "
                    "by community, or use the command: manage.py export_households --community SLUG."
                )
                % {"count": count, "limit": ADMIN_EXPORT_LIMIT}
            )
        # .xlsx and .csv come from the app's one spreadsheet writer, as on the staff page.
        if isinstance(file_format, base_formats.XLSX):
            return xlsx_bytes(Sheet(title=_("households"), rows=export_rows(households=queryset)))
        if isinstance(file_format, base_formats.CSV):
            return csv_bytes(export_rows(households=queryset))
        return super().get_export_data(file_format, request, queryset, **kwargs)

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = AdminRosterForm(request.POST, request.FILES) if request.method == "POST" else AdminRosterForm()
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                roster_import = services.roster_import_start(
                    community=form.cleaned_data["community"],
                    actor=request.user,
                    filename=upload.name,
                    data=upload.read(),
                    compound=form.cleaned_data["compound"],
                    create_compounds=form.cleaned_data["create_compounds"],
                    language=get_language() or "",
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                return redirect(reverse("admin:communities_rosterimport_change", args=[roster_import.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import a household roster"),
        }
        return TemplateResponse(request, "communities/roster/admin_import.html", context)

    def process_import(self, request, **kwargs):
        return redirect(reverse("admin:communities_household_import"))


class RosterImportAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "community",
        "kind",
        "compound",
        "filename",
        "status",
        "counts",
        "error_count",
        "created_by",
    ]
    list_filter = ["community", "kind", "status"]
    list_select_related = ["community", "compound", "created_by"]
    readonly_fields = [
        "community",
        "kind",
        "compound",
        "filename",
        "status",
        "progress",
        "counts",
        "problems",
        "error_count",
        "failure",
        "created_by",
        "created_at",
        "applied_by",
        "applied_at",
    ]
    exclude = ["file", "errors", "missing", "language", "create_compounds"]
    actions = ["confirm_import"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("problems"))
    def problems(self, obj):
        from django.utils.html import format_html_join

        return format_html_join(
            "\n",
            "<p>{} {} {}: {}</p>",
            (
                (p.get("sheet", ""), p.get("row") or "", p.get("column", ""), p.get("message", ""))
                for p in obj.errors[:200]
            ),
        )

    @admin.action(description=gettext_lazy("Confirm the import (previews without problems only)"))
    def confirm_import(self, request, queryset):
        for roster_import in queryset:
            try:
                confirmed = services.roster_import_confirm(roster_import=roster_import, actor=request.user)
            except DomainError as error:
                messages.error(request, f"{roster_import.filename}: {error.message}")
            else:
                messages.success(request, _("%(file)s is being imported.") % {"file": confirmed.filename})
