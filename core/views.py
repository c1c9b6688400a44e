"""Pages every deployment has: the role home redirect, /healthz and the error pages."""

import sys
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.api import error_body, unavailable_response_body
from core.health import RETRY_AFTER_SECONDS, check_broker, check_database, database_unavailable
from core.roles import Role, has_role, roles_of

# Where each role lands after login, in priority order for users holding several roles.
ROLE_HOMES = [
    (Role.CATALOG_ADMIN, "admin:index"),
    (Role.INSPECTOR, "accountability:dashboard"),
    (Role.APPROVER, "approvals:decide_queue"),
    (Role.REVIEWER, "approvals:review_queue"),
    (Role.WINDOW_CLERK, "approvals:workbench"),
    (Role.LIAISON, "supervision:inbox"),
]


def role_required(*roles):
    """Page decorator: log in first, then 403 (a Chinese page) unless the user has a role."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@login_required
def home(request):
    roles = roles_of(request.user)
    for role, url_name in ROLE_HOMES:
        if role in roles:
            return redirect(url_name)
    if request.user.is_superuser:
        return redirect("admin:index")
    return render(request, "core/no_role.html", status=403)


@never_cache
@require_GET
def healthz(request):
    db_ok, db_msg = check_database()
    broker_ok, broker_msg = check_broker()
    ok = db_ok and broker_ok
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "database": db_msg, "broker": broker_msg},
        status=200 if ok else 503,
    )


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def error_403(request, exception=None):
    if _wants_json(request):
        return JsonResponse(
            error_body("permission_denied", _("您的角色无权执行此操作。")), status=403
        )
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("not_found", _("未找到该记录。")), status=404)
    return render(request, "404.html", status=404)


def error_400(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("bad_request", _("请求无效。")), status=400)
    return render(request, "400.html", status=400)


def error_500(request):
    """Django calls this inside its `except`: a database that is down or restarting is a 503
    with Retry-After (the client retries), anything else a 500. Neither page touches the
    database or the session (no RequestContext)."""
    if database_unavailable(sys.exc_info()[1]):
        if _wants_json(request):
            response = JsonResponse(unavailable_response_body(), status=503)
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _wants_json(request):
        return JsonResponse(error_body("server_error", _("服务器内部错误,已记录。")), status=500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)
