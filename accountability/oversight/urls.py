"""Pages of monitoring, overdue records, cases and case-file review (namespace accountability)."""

from django.urls import path

from accountability.oversight import views

urlpatterns = [
    path("monitoring/", views.monitoring, name="monitoring"),
    path("overdue/", views.overdue, name="overdue"),
    path("overdue/export/", views.overdue_export, name="overdue_export"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<id:pk>/", views.case_detail, name="case_detail"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/<id:pk>/", views.review_detail, name="review_detail"),
]
