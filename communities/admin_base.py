"""The two kinds of Django admin class a tenant model may have: read-only, or writing through its services.

The Django admin is the platform admin's tool. It never writes a tenant row itself: a model admin either
offers no add, change or delete (`ReadOnlyAdmin`), or it saves and deletes by calling the app's service
functions (`ServiceAdmin`), so that every write leaves an audit entry and the services' rules hold (e.g. "a
community needs at least one community admin"). tests/test_admin_writes.py walks the admin registry and fails
on a tenant model admin that is neither.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from .errors import DomainError
from .forms import ModelForm


class ReadOnlyAdminMixin:
    """No add, change or delete: the rows are listed and shown only. Actions may still call services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ServiceAdmin(admin.ModelAdmin):
    """Saves and deletes through the app's services.

    A subclass implements `save_through_service(request, original, form)`, where `original` is the row as it
    is in the database (None when adding) and `form.cleaned_data` holds the new values, and returns the saved
    object. Deleting is offered only where it implements `delete_through_service(request, original)`; the bulk
    "delete selected" action is never offered. A service's refusal (DomainError) is shown as an error message,
    the whole request is rolled back (the admin's views run in one transaction) and the page is shown again.
    """

    writes_through_services = True
    form = ModelForm  # the app's base: text fields refuse bidirectional-override characters, as everywhere

    def save_through_service(self, request, original, form):
        raise NotImplementedError

    def delete_through_service(self, request, original):
        raise NotImplementedError

    def _original(self, obj):
        return type(obj)._default_manager.get(pk=obj.pk) if obj.pk else None

    def save_model(self, request, obj, form, change):
        saved = self.save_through_service(request, self._original(obj) if change else None, form)
        # The admin's log entry and redirect name the saved row.
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        self.delete_through_service(request, self._original(obj))

    def delete_queryset(self, request, queryset):  # pragma: no cover - the bulk action is removed below
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        offered = type(self).delete_through_service is not ServiceAdmin.delete_through_service
        return offered and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def _refused(self, request, error: DomainError, url: str):
        self.message_user(request, error.message, messages.ERROR)
        return HttpResponseRedirect(url)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            return self._refused(request, error, request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as error:
            opts = self.opts
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            return self._refused(request, error, url)
