"""The annual reports for the stuurgroep and the beheerscomité: the list, the document as one
HTML page, and its PDF (the archived copy once approved, else a draft marked "ontwerp")."""

from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from actors.queries import home_region
from reports.models import AnnualReport, ReportApproval
from reports.rendering import draft_pdf as draft_pdf_path
from reports.rendering import report_page

READ = "reports.view_annualreport"


def _get_report(year: int) -> AnnualReport:
    """The report of ``year`` with its signatory and approvals, newest first (two queries)."""
    approvals = ReportApproval.objects.order_by("-approved_on", "-pk")
    return get_object_or_404(
        AnnualReport.objects.select_related("foreword_signatory").prefetch_related(
            Prefetch("approvals", queryset=approvals)
        ),
        year=year,
    )


def _latest_approval(report: AnnualReport) -> ReportApproval | None:
    approvals = list(report.approvals.all())
    return approvals[0] if approvals else None


@require_safe
@permission_required(READ, raise_exception=True)
def report_list(request):
    reports = AnnualReport.objects.prefetch_related(
        Prefetch("approvals", queryset=ReportApproval.objects.order_by("-approved_on", "-pk"))
    ).order_by("-year")
    rows = [(report, _latest_approval(report)) for report in reports]
    return render(request, "reports/list.html", {"rows": rows})


@require_safe
@permission_required(READ, raise_exception=True)
def report(request, year):
    report = _get_report(year)
    page = report_page(report, region=home_region(request))
    approval = _latest_approval(report)
    context = {
        "report": report,
        "region_name": page.region_name,
        "body_html": page.body_html,
        "approval": approval,
        "changed_since_approval": bool(approval) and approval.content_sha256 != page.sha256,
    }
    return render(request, "reports/report.html", context)


@require_safe
@permission_required(READ, raise_exception=True)
def report_pdf(request, year):
    """The approved copy, byte for byte as archived; a draft while there is none."""
    report = _get_report(year)
    approval = _latest_approval(report)
    if approval:
        return _archived(approval)
    return _draft(report)


@require_safe
@permission_required(READ, raise_exception=True)
def draft_pdf(request, year):
    """The document as the data stand now, marked "ontwerp" on every page."""
    return _draft(_get_report(year))


@require_safe
@permission_required(READ, raise_exception=True)
def approval_pdf(request, year, pk):
    approval = get_object_or_404(
        ReportApproval.objects.select_related("report"), pk=pk, report__year=year
    )
    return _archived(approval)


def _draft(report: AnnualReport) -> FileResponse:
    path = draft_pdf_path(report)
    filename = f"jaarverslag-{report.year}-ontwerp.pdf"
    return FileResponse(
        path.open("rb"), content_type="application/pdf", as_attachment=True, filename=filename
    )


def _archived(approval: ReportApproval) -> FileResponse:
    try:
        handle = approval.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"jaarverslag-{approval.report.year}-goedgekeurd-{approval.approved_on}.pdf"
    response = FileResponse(
        handle, content_type="application/pdf", as_attachment=True, filename=filename
    )
    response["X-Content-SHA256"] = approval.sha256
    return response
