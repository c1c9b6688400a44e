"""Admin pieces every app shares: read-only pages, and ids checked before they reach the
database (a 20-digit number overflows SQLite's INTEGER; "²" or "1e3" makes Django raise
ValueError: both a 500 otherwise)."""

import re

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.http import Http404
from django.utils.translation import gettext as _

_INTEGER = re.compile(r"-?[0-9]{1,20}")


def valid_id(field, value) -> bool:
    """Whether `value` can be a value of this key field in the database: for an integer key,
    ASCII digits (an optional minus) within the column's range; otherwise what the field
    itself accepts."""
    text = str(value).strip()
    if isinstance(field, models.IntegerField):
        if not _INTEGER.fullmatch(text):
            return False
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or int(text) >= low) and (high is None or int(text) <= high)
    try:
        field.to_python(text)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class CheckedIdsAdmin:
    """A ModelAdmin mixin: an action on an id that cannot exist is refused with a message
    (Django's own behaviour when nothing is selected); a history page for one is a 404."""

    def response_action(self, request, queryset):
        pk = self.model._meta.pk
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if any(not valid_id(pk, value) for value in selected):
            self.message_user(request, _("所选记录无效,请刷新页面后重试。"), messages.WARNING)
            return None
        return super().response_action(request, queryset)

    def _check_history_ids(self, object_id, version_id=None):
        if not valid_id(self.model._meta.pk, object_id):
            raise Http404
        if version_id is not None:
            history_pk = self.model.history.model._meta.pk
            if not valid_id(history_pk, version_id):
                raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history_ids(object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(CheckedIdsAdmin, admin.ModelAdmin):
    """View only, whatever the user's model permissions: no add, change or delete. The record
    is the services' work."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
