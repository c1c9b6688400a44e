"""Pages of the monthly 通报 (namespace accountability)."""

from django.urls import path

from accountability.reports import views

urlpatterns: list = [
    path("reports/", views.monthly_reports, name="monthly_reports"),
    path("reports/generate/", views.monthly_report_generate, name="monthly_report_generate"),
    path("reports/<id:pk>/", views.monthly_report_detail, name="monthly_report_detail"),
    path("reports/<id:pk>/report.pdf", views.monthly_report_pdf, name="monthly_report_pdf"),
    path("reports/<id:pk>/report.xlsx", views.monthly_report_xlsx, name="monthly_report_xlsx"),
    path("reports/<id:pk>/print/", views.monthly_report_print, name="monthly_report_print"),
]
