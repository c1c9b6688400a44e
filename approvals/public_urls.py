"""Public pages of approvals (no login): permit verification, linked from every QR code, and
the parts' public pages (mounted first: /verify/<number>/ would take any one-segment path)."""

from django.urls import path

from approvals import views
from approvals.parts import collect

urlpatterns = [
    *collect("public_urlpatterns"),
    path("verify/<str:number>/", views.verify, name="verify"),
]
