"""API routes of the approvals app (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from approvals.api import ApplicationViewSet, PermitViewSet

router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="applications")
router.register("permits", PermitViewSet, basename="permits")

urlpatterns = router.urls
