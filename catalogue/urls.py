"""The public catalogue (digitale brochure), under /organisaties/."""

from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("lijst.csv", views.list_csv, name="csv"),
    path("brochure.pdf", views.brochure, name="brochure"),
    path("<int:pk>/", views.organisation_detail, name="organisation"),
]
