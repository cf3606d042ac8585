from django.urls import path

from reports.views import documents

app_name = "reports"

urlpatterns = [
    path("", documents.report_list, name="list"),
    path("<int:year>/", documents.report, name="report"),
    path("<int:year>/pdf/", documents.report_pdf, name="pdf"),
    path("<int:year>/pdf/ontwerp/", documents.draft_pdf, name="draft_pdf"),
    path("<int:year>/goedkeuringen/<int:pk>/pdf/", documents.approval_pdf, name="approval_pdf"),
]
