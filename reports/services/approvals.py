"""Approving a report: the beheerscomité's decision, archived as the PDF it approved."""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from actors.models import Body
from meetings.models import Decision
from reports.models import AnnualReport, ReportApproval
from reports.pdf import ARCHIVE_VARIANT, html_to_pdf
from reports.rendering import report_content
from reports.services import ReportError


def report_approve(
    *,
    report: AnnualReport,
    approved_on: datetime.date,
    decision: Decision | None = None,
    user=None,
) -> ReportApproval:
    """Archive ``report`` as the beheerscomité approved it on ``approved_on``: a tagged PDF/A-3a
    with the approval date on its cover, stored with its SHA-256 and never changed again.

    The PDF is made before the transaction (it takes seconds); the row is written under a lock on
    the report, so the same content is never approved twice. Later edits change the draft only.
    """
    if decision is not None and decision.meeting.body.kind != Body.Kind.MANAGEMENT_COMMITTEE:
        raise ReportError(
            _("Enkel een beslissing van het beheerscomité keurt een jaarverslag goed.")
        )
    content = report_content(report)
    pdf = html_to_pdf(content.print_html(approved_on=approved_on), variant=ARCHIVE_VARIANT)
    checksum = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        AnnualReport.objects.select_for_update().get(pk=report.pk)
        earlier = report.approvals.filter(content_sha256=content.sha256).first()
        if earlier:
            raise ReportError(
                _("Deze inhoud werd al goedgekeurd op %(date)s.")
                % {"date": earlier.approved_on.strftime("%d/%m/%Y")}
            )
        approval = ReportApproval(
            report=report,
            approved_on=approved_on,
            decision=decision,
            sha256=checksum,
            content_sha256=content.sha256,
            approved_by=user,
        )
        approval.pdf.save("goedgekeurd.pdf", ContentFile(pdf), save=False)
        try:
            approval.full_clean(exclude=["pdf"])
            approval.save()
        except Exception:
            approval.pdf.delete(save=False)
            raise
    return approval
