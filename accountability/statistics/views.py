"""The statistics pages: figures with charts and tables, the xlsx export, the definitions.
Inspectors see every department; a liaison their own department only (another one is a 404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accountability.statistics import export, services
from catalog.models import Department
from catalog.selectors import published_categories
from core.errors import InvalidInput, NotAllowed, NotFound
from core.roles import Role, has_role
from core.views import role_required

ROLES = (Role.INSPECTOR, Role.LIAISON)


def _query(request):
    try:
        return services.parse_query(request.user, request.GET), None
    except NotFound as exc:
        raise Http404 from exc
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except InvalidInput as exc:
        return None, exc


def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def show(name: str, value) -> str:
    if name.endswith("_rate"):
        return pct(value)
    return "—" if value is None else str(value)


def display_rows(figures: dict, columns) -> list[tuple[str, str, str]]:
    """(name, label, shown value) for a template (rates as percentages, null as —)."""
    return [(name, _(label), show(name, figures[name])) for name, label in columns]


def table_rows(rows: list[dict], columns) -> list[tuple[str, list[str]]]:
    return [(row["label"], [show(n, row[n]) for n, _l in columns]) for row in rows]


def _chart_data(summary: dict, table: dict) -> dict:
    """What static/js/statistics.js draws (read from a json_script element: CSP)."""
    targets = summary["targets"]
    return {
        "targets": [
            {"name": _(label), "target": targets[name]["target"], "actual": targets[name]["actual"]}
            for name, label in export.TARGET_LABELS
        ],
        "departments": [
            {
                "name": row["label"],
                "pushed": row["pushed"],
                "claimed_on_time": row["claimed_on_time"],
                "overdue": row["overdue"],
            }
            for row in table["pushes"]
        ],
        "groups": [
            {"name": row["label"], "decided": row["decided"], "on_time": row["decided_on_time"]}
            for row in table["applications"][:20]
        ],
        "labels": {
            "target": _("目标"),
            "actual": _("实际"),
            "pushed": _("推送"),
            "claimed_on_time": _("按时认领"),
            "overdue": _("逾期"),
            "decided": _("办结"),
            "on_time": _("按时办结"),
        },
    }


@require_GET
@role_required(*ROLES)
def statistics(request):
    query, error = _query(request)
    inspector = has_role(request.user, Role.INSPECTOR)
    context = {
        "error": error,
        "inspector": inspector,
        "departments": Department.objects.order_by("code") if inspector else [],
        "categories": published_categories(),
        "groups": (("item", _("按事项")), ("category", _("按类别")), ("staff", _("按工作人员"))),
        "params": request.GET,
    }
    if error is not None:
        return render(request, "accountability/statistics/statistics.html", context, status=400)
    summary, table = services.summary_and_breakdown(query)
    context.update(
        query=query,
        summary=summary,
        table=table,
        chart_data=_chart_data(summary, table),
        export_query=urlencode(query.params()),
        target_rows=[
            (
                name,
                _(label),
                pct(summary["targets"][name]["target"]),
                pct(summary["targets"][name]["actual"]),
                summary["targets"][name]["actual"] is not None
                and summary["targets"][name]["actual"] < summary["targets"][name]["target"],
            )
            for name, label in export.TARGET_LABELS
        ],
        application_figures=display_rows(summary["applications"], export.APPLICATION_COLUMNS),
        push_figures=display_rows(summary["pushes"], export.PUSH_COLUMNS),
        application_header=[_(label) for _n, label in export.APPLICATION_COLUMNS],
        application_table=table_rows(table["applications"], export.APPLICATION_COLUMNS),
        push_header=[_(label) for _n, label in export.PUSH_COLUMNS],
        push_table=table_rows(table["pushes"], export.PUSH_COLUMNS),
        satisfaction_rate=pct(summary["satisfaction"]["satisfaction_rate"]),
    )
    return render(request, "accountability/statistics/statistics.html", context)


@require_GET
@role_required(*ROLES)
def statistics_export(request):
    query, error = _query(request)
    if error is not None:
        return HttpResponse(
            _("统计条件有误:%(m)s") % {"m": error.message},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    summary, table = services.summary_and_breakdown(query)
    body = export.workbook(summary, table, title=_("统计分析"))
    name = f"statistics-{query.date_from:%Y%m%d}-{query.date_to:%Y%m%d}.xlsx"
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@role_required(*ROLES)
def statistics_definitions(request):
    return render(
        request,
        "accountability/statistics/definitions.html",
        {"definitions": services.definitions(), "targets": services.TARGETS},
    )
