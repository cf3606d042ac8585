"""The overview after login, at the root of the site (named "home", outside any namespace)."""

from django.urls import path

from reports.views import overview

urlpatterns = [
    path("", overview.home, name="home"),
]
