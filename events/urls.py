"""Public pages of events, under /evenementen/."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("privacy/", views.privacy, name="privacy"),
    path("<slug:slug>/", views.event_detail, name="event"),
    path("<slug:slug>/inschrijven/", views.register, name="register"),
    path("<slug:slug>/inschrijven/verstuurd/", views.sent, name="sent"),
    path("<slug:slug>/inschrijving/<str:token>/", views.registration_page, name="registration"),
    path(
        "<slug:slug>/inschrijving/<str:token>/annuleren/",
        views.registration_cancel_page,
        name="registration_cancel",
    ),
    path(
        "<slug:slug>/inschrijving/<str:token>/reeks-<int:number>/teruggeven/",
        views.give_back,
        name="give_back",
    ),
    path(
        "<slug:slug>/inschrijving/<str:token>/overstappen/",
        views.switch,
        name="switch",
    ),
    path(
        "<slug:slug>/inschrijving/<str:token>/gegevens-wissen/",
        views.erase,
        name="erase",
    ),
]
