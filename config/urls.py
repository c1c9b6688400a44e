"""URL map: pages per app, the API under /api/v1/, schema and docs, health, admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from core.api import ObtainTokenView

admin.site.site_header = "一章通 OneSeal 管理后台"
admin.site.site_title = "一章通 OneSeal"
admin.site.index_title = "事项与系统管理"

# Behind login in production (settings.API_DOCS_PUBLIC): the schema answers 401, the docs page
# sends a browser to the login page.
# The split view serves its start-up script as a file: no inline script (CSP).
_docs_view = SpectacularSwaggerSplitView.as_view(url_name="schema")
if not settings.API_DOCS_PUBLIC:
    _docs_view = login_required(_docs_view)

api_v1 = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("", include("catalog.api_urls")),
    path("", include("workdays.api_urls")),
    path("", include("approvals.api_urls")),
    path("", include("supervision.api_urls")),
    path("", include("accountability.api_urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("catalog/", include("catalog.urls")),
    path("", include("approvals.public_urls")),
    path("approvals/", include("approvals.urls")),
    path("supervision/", include("supervision.urls")),
    path("accountability/", include("accountability.urls")),
    path("audit/", include("audit.urls")),
    path("", include("accountability.public.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", _docs_view, name="api-docs"),
]

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
