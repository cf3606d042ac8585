from django.urls import path

from reports.views import municipalities

app_name = "municipalities"

urlpatterns = [
    path("", municipalities.municipality_list, name="list"),
    path("gemeenten.csv", municipalities.municipality_csv, name="csv"),
    path("<str:nis_code>/", municipalities.municipality_detail, name="detail"),
]
