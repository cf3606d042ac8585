"""Public pages of events, under /evenementen/."""

from django.urls import path

from meetings import event_views

app_name = "events"

urlpatterns = [
    path("", event_views.event_list, name="list"),
    path("privacy/", event_views.privacy, name="privacy"),
    path("<slug:slug>/", event_views.event_detail, name="event"),
    path("<slug:slug>/inschrijven/", event_views.register, name="register"),
    path(
        "<slug:slug>/inschrijving/<str:token>/", event_views.registration_page, name="registration"
    ),
    path(
        "<slug:slug>/inschrijving/<str:token>/annuleren/",
        event_views.registration_cancel_page,
        name="registration_cancel",
    ),
]
