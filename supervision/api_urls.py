"""API routes of the supervision app (mounted under /api/v1/)."""

from rest_framework.routers import SimpleRouter

from supervision import api

router = SimpleRouter()
router.register("pushes", api.PushViewSet, basename="push")
router.register("supervision-reports", api.SupervisionReportViewSet, basename="supervision-report")
router.register("webhook-deliveries", api.WebhookDeliveryViewSet, basename="webhook-delivery")

urlpatterns = router.urls
