from django.urls import path

from contingents import views

app_name = "contingents"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("vergelijking.csv", views.comparison_csv, name="comparison_csv"),
    path("organisaties/<int:pk>/", views.organisation, name="organisation"),
    path("<slug:code>.csv", views.table_csv, name="table_csv"),
]
