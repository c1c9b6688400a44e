from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    path("window/", views.workbench, name="workbench"),
    path("review/", views.review_queue, name="review_queue"),
    path("decide/", views.decide_queue, name="decide_queue"),
]
