"""What the audit viewer needs to know about the apps above it, registered by them (audit
imports only core): which department an event belongs to, and where an event's object is shown.

Department (部门): an event belongs to department D when
- its `data` names it (`data["department"] == D.code`, as supervision's events do), or
- its object is of a type registered with `register_department_scope(model, fn)`, where
  `fn(code)` returns a queryset of that model's rows belonging to D (a push or a report to/from
  D, the department itself ...). One subquery per registered type, no query per event.
Object links: `register_object_url(model, fn)` with `fn(object_id) -> url` (no query); a model
that has get_absolute_url and no registered builder is linked through its rows (one query per
object type on the page)."""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

_DEPARTMENT_SCOPES: list[tuple[type, Callable]] = []
_DEPARTMENT_CHOICES: list[Callable[[], list[tuple[str, str]]]] = []
_OBJECT_URLS: dict[type, Callable[[str], str]] = {}


def register_department_scope(model, rows_of_department: Callable) -> None:
    _DEPARTMENT_SCOPES.append((model, rows_of_department))


def register_department_choices(choices: Callable[[], list[tuple[str, str]]]) -> None:
    """The departments offered by the filter: (code, name) pairs (catalog registers them)."""
    _DEPARTMENT_CHOICES[:] = [choices]


def department_choices() -> list[tuple[str, str]]:
    return list(_DEPARTMENT_CHOICES[0]()) if _DEPARTMENT_CHOICES else []


def department_q(code: str) -> Q:
    condition = Q(data__department=code)
    for model, rows_of in _DEPARTMENT_SCOPES:
        ids = rows_of(code).annotate(_audit_id=Cast("pk", CharField())).values("_audit_id")
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return condition


def register_object_url(model, url_of: Callable[[str], str]) -> None:
    _OBJECT_URLS[model] = url_of


def object_url_builder(model) -> Callable[[str], str] | None:
    return _OBJECT_URLS.get(model)
