"""Approving a report: the beheerscomité's decision, archived as the PDF it approved."""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from actors.models import Body
from ilv.pdf import html_to_pdf
from meetings.models import Decision
from reports.models import AnnualReport, ReportApproval
from reports.pdf import ARCHIVE_VARIANT
from reports.rendering import report_content
from reports.services import ReportError


def report_approve(
    *,
    report: AnnualReport,
    approved_on: datetime.date,
    decision: Decision | None = None,
    user=None,
    reviewed_sha256: str | None = None,
) -> ReportApproval:
    """Archive ``report`` as the beheerscomité approved it on ``approved_on``: a tagged PDF/A-3a
    with the approval date on its cover, stored with its SHA-256 and never changed again.

    ``reviewed_sha256`` is the content version the regisseur read before approving: if the data
    changed since, nothing is archived. The PDF is made and stored before the transaction (it
    takes seconds) and removed again if the row cannot be written; the row is written under a
    lock on the report, and the database refuses the same content twice. Later edits change the
    draft only.
    """
    if decision is not None and decision.meeting.body.kind != Body.Kind.MANAGEMENT_COMMITTEE:
        raise ReportError(
            _("Enkel een beslissing van het beheerscomité keurt een jaarverslag goed.")
        )
    content = report_content(report)
    if reviewed_sha256 and reviewed_sha256 != content.sha256:
        raise ReportError(
            _(
                "Het document is gewijzigd sinds u deze pagina opende. Lees het opnieuw na en "
                "leg de goedkeuring dan vast."
            )
        )
    pdf = html_to_pdf(content.print_html(approved_on=approved_on), variant=ARCHIVE_VARIANT)
    approval = ReportApproval(
        report=report,
        approved_on=approved_on,
        decision=decision,
        sha256=hashlib.sha256(pdf).hexdigest(),
        content_sha256=content.sha256,
        approved_by=user,
        approved_by_name=user.get_username() if user else "",
    )
    approval.pdf.save("goedgekeurd.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            AnnualReport.objects.select_for_update().get(pk=report.pk)
            earlier = report.approvals.filter(content_sha256=content.sha256).first()
            if earlier:
                raise ReportError(
                    _("Deze inhoud werd al goedgekeurd op %(date)s.")
                    % {"date": earlier.approved_on.strftime("%d/%m/%Y")}
                )
            approval.full_clean(exclude=["pdf"])
            approval.save()
    except IntegrityError:
        approval.pdf.delete(save=False)
        raise ReportError(_("Deze inhoud werd net goedgekeurd.")) from None
    except BaseException:
        approval.pdf.delete(save=False)
        raise
    return approval
