"""API v1 routes of the oversight part (under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from accountability.oversight.api import OverdueRecordViewSet

router = SimpleRouter()
router.register("overdue-records", OverdueRecordViewSet, basename="overdue-record")

urlpatterns = router.urls
