"""Catalog admin for catalog_admin users: departments, items, their versions (drafts editable,
published ones read-only), the publish / withdraw / new-draft actions, history, and the catalog
file (xlsx / csv import and export). Every change goes through catalog.services.

One module per concept; importing them registers their ModelAdmins.
"""

from catalog.admin import contacts, departments, items, liaisons, versions  # noqa: F401
from catalog.admin.common import error_text

__all__ = ["error_text"]
