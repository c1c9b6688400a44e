"""API routes of the supervision app (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from supervision import api
from supervision.routes import PARTS

router = SimpleRouter()
router.register("pushes", api.PushViewSet, basename="push")
router.register("supervision-reports", api.SupervisionReportViewSet, basename="supervision-report")
router.register("webhook-deliveries", api.WebhookDeliveryViewSet, basename="webhook-delivery")

# Issue 14's parts first: a part's explicit path (e.g. pushes/<id>/case-file/) wins over the
# router's patterns.
urlpatterns = [pattern for part in PARTS for pattern in part.api_urlpatterns] + router.urls
