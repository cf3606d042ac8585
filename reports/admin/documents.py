from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ilv.admin import HistoryAdmin
from reports.forms import ApprovalForm
from reports.models import AnnualReport, ListTable, ReportApproval, ReportSection
from reports.rendering import report_content
from reports.services import ReportError
from reports.services.approvals import report_approve


class ListTableInline(admin.StackedInline):
    model = ListTable
    extra = 0
    fields = ["caption", ("left_heading", "right_heading"), ("left_items", "right_items"), "source"]


class SectionInline(admin.TabularInline):
    """The document's sections at a glance; each is edited on its own page."""

    model = ReportSection
    extra = 0
    fields = ["part", "domain", "position", "heading", "block"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("tekstdelen (toevoegen en wijzigen bij “Tekstdelen”)")

    def has_add_permission(self, request, obj):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("domain").in_document_order()


class ApprovalInline(admin.TabularInline):
    model = ReportApproval
    extra = 0
    fields = ["approved_on", "decision", "pdf_link", "sha256", "approved_by_name", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("download"))


@admin.register(AnnualReport)
class AnnualReportAdmin(HistoryAdmin):
    list_display = ["__str__", "year", "situation_date", "status", "page_link"]
    autocomplete_fields = ["foreword_signatory"]
    fields = ["year", "title", "situation_date", ("foreword_signatory", "foreword_signatory_role")]
    inlines = [ListTableInline, SectionInline, ApprovalInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("approvals")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.approvals.exists():
            return ["year"]  # its approved copy is served under this year
        return []

    @admin.display(description=_("status"))
    def status(self, obj):
        approvals = list(obj.approvals.all())
        if not approvals:
            return _("ontwerp")
        return _("goedgekeurd op %(date)s") % {
            "date": approvals[0].approved_on.strftime("%d/%m/%Y")
        }

    @admin.display(description=_("bekijken"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("HTML en PDF"))

    def get_urls(self):
        approve = self.admin_site.admin_view(self.approve_view)
        return [
            path("<path:object_id>/goedkeuren/", approve, name="reports_annualreport_approve"),
            *super().get_urls(),
        ]

    def approve_view(self, request, object_id):
        """Record the beheerscomité's approval and archive the PDF as it is now."""
        if not request.user.has_perm("reports.add_reportapproval"):
            raise PermissionDenied
        report = self.get_object(request, object_id)
        if report is None:
            raise Http404
        form = ApprovalForm(
            request.POST or None,
            report=report,
            initial={"content_sha256": report_content(report).sha256},
        )
        if request.method == "POST" and form.is_valid():
            try:
                approval = report_approve(
                    report=report,
                    approved_on=form.cleaned_data["approved_on"],
                    decision=form.cleaned_data["decision"],
                    user=request.user,
                    reviewed_sha256=form.cleaned_data["content_sha256"],
                )
            except ReportError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    _("Goedkeuring van %(date)s vastgelegd; PDF gearchiveerd (SHA-256 %(sha)s).")
                    % {"date": approval.approved_on.strftime("%d/%m/%Y"), "sha": approval.sha256},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:reports_annualreport_change", args=[report.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Goedkeuring vastleggen"),
            "report": report,
            "approvals": report.approvals.all(),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reports/annualreport/approve.html", context)


@admin.register(ReportSection)
class ReportSectionAdmin(HistoryAdmin):
    list_display = ["__str__", "report", "part", "domain", "position", "block"]
    list_editable = ["position"]
    list_filter = ["report", "part", "block"]
    list_select_related = ["report", "domain", "domain__plan"]
    search_fields = ["heading", "body", "caption"]

    def get_queryset(self, request):
        return super().get_queryset(request).in_document_order()

    fieldsets = [
        (None, {"fields": ["report", ("part", "domain"), "position", "heading", "body"]}),
        (
            _("Tabel of figuur na de tekst"),
            {"fields": ["block", ("measure", "list_table"), "caption", "numbered"]},
        ),
        (None, {"fields": ["note"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "domain":
            kwargs["queryset"] = db_field.related_model.objects.select_related("plan")
        if db_field.name == "list_table":
            kwargs["queryset"] = ListTable.objects.select_related("report")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ReportApproval)
class ReportApprovalAdmin(admin.ModelAdmin):
    """Approvals are archived as they were made: they can be read, never changed or removed."""

    list_display = ["report", "approved_on", "sha256", "approved_by_name", "created_at", "pdf_link"]
    list_filter = ["report"]
    list_select_related = ["report"]
    fields = ["report", "approved_on", "decision", "sha256", "content_sha256", "approved_by_name"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        url = reverse("reports:approval_pdf", args=[obj.report.year, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("download"))
