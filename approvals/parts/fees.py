"""Issue 13: fees at the window — pages, API and public routes (collected by approvals.parts):
the record POST and the printable 缴费回执 (HTML, PDF), and the API's
/api/v1/applications/<id>/fees/ (GET the lines and status, POST the payment)."""

from django.urls import path

from approvals.api.fees import ApplicationFeesView
from approvals.views import fees as views

urlpatterns: list = [
    path("applications/<id:pk>/fees/", views.fee_payment, name="fee-payment"),
    path("applications/<id:pk>/fees/receipt/", views.fee_receipt, name="fee-receipt"),
    path(
        "applications/<id:pk>/fees/receipt.pdf",
        views.fee_receipt,
        {"fmt": "pdf"},
        name="fee-receipt-pdf",
    ),
]
api_urlpatterns: list = [
    path("applications/<id:pk>/fees/", ApplicationFeesView.as_view(), name="application-fees"),
]
public_urlpatterns: list = []
