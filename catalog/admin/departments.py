"""Departments in the admin."""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from catalog.models import Department


@admin.register(Department)
class DepartmentAdmin(GuardedModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
