"""API routes of the approvals app (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from approvals.api import ApplicationViewSet, PermitViewSet
from approvals.parts import collect

router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="applications")
router.register("permits", PermitViewSet, basename="permits")

# The parts' routes first: a router's permits/<number>/ would take a longer path's prefix.
urlpatterns = [*collect("api_urlpatterns"), *router.urls]
