"""Public pages, no login (namespace public): progress lookup, 好差评, complaints, 双公示; and
the inspectors' pages handling rating follow-ups and complaints."""

from django.urls import path

from accountability.public import disclosure, views

app_name = "public"
urlpatterns = [
    path("progress/", views.progress, name="progress"),
    path("progress/rate/", views.rate, name="rate"),
    path("window/rate/", views.rate_window_find, name="rate_window_find"),
    path("window/rate/<id:pk>/", views.rate_window, name="rate_window"),
    path("complain/", views.complain, name="complain"),
    path("disclosure/", disclosure.disclosure_page, name="disclosure"),
    path("disclosure/feed/", disclosure.disclosure_feed, name="disclosure_feed"),
    path("oversight/ratings/<id:pk>/", views.rating_detail, name="rating_detail"),
    path("oversight/followups/", views.followups, name="followups"),
    path("oversight/followups/<id:pk>/", views.followup_detail, name="followup_detail"),
    path("oversight/followups/<id:pk>/contact/", views.followup_contact, name="followup_contact"),
    path("oversight/followups/<id:pk>/close/", views.followup_close, name="followup_close"),
    path("oversight/complaints/", views.complaints, name="complaints"),
    path("oversight/complaints/<id:pk>/", views.complaint_detail, name="complaint_detail"),
    path("oversight/complaints/<id:pk>/accept/", views.complaint_accept, name="complaint_accept"),
    path("oversight/complaints/<id:pk>/reply/", views.complaint_reply, name="complaint_reply"),
    path("oversight/complaints/<id:pk>/close/", views.complaint_close, name="complaint_close"),
]
