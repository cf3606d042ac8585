from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("kalender.ics", views.feed, name="feed"),
    path("kalender.csv", views.calendar_csv, name="calendar_csv"),
    path("beslissingen/", views.decisions, name="decisions"),
    path("beslissingen.csv", views.decisions_csv, name="decisions_csv"),
    path("kalender/orgaan-<int:body_id>.ics", views.feed, name="body_feed"),
    path("bijlagen/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.meeting, name="meeting"),
]
