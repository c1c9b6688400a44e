"""Public pages of approvals (no login): permit verification, linked from every QR code."""

from django.urls import path

from approvals import views

urlpatterns = [
    path("verify/<str:number>/", views.verify, name="verify"),
]
