"""The public catalogue under /organisaties/: the list with its filters, its CSV, an
organisation's page and the PDF brochure. No login: everything here is public data only."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalogue.brochure import BrochureBusy, brochure_pdf
from catalogue.filters import CatalogueFilter
from catalogue.queries import catalogue_entries, catalogue_organisations, catalogue_version
from ilv.caching import kept_response
from ilv.exports import chosen_filters, csv_response

PER_PAGE = 25
# How long a CSV is kept for its fingerprint (a write the fingerprint cannot see shows after it).
CSV_SECONDS = 300


def _filtered(request) -> CatalogueFilter:
    """The catalogue's filter on this request: the one selection behind the page and its CSV."""
    return CatalogueFilter(request.GET or None, queryset=catalogue_organisations())


@require_safe
@login_not_required
def organisation_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("pagina"))
    entries = catalogue_entries(page.object_list, today=timezone.localdate())
    context = {
        "filterset": filterset,
        "page": page,
        "entries": entries,
        "chosen": chosen_filters(filterset),
    }
    return render(request, "catalogue/list.html", context)


@require_safe
@login_not_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(catalogue_organisations(), pk=pk)
    [entry] = catalogue_entries([organisation], today=timezone.localdate())
    return render(request, "catalogue/detail.html", {"entry": entry})


@require_safe
@login_not_required
def list_csv(request):
    """The list as CSV. The whole catalogue (no filter chosen) is kept per catalogue fingerprint:
    it is the same for everyone and takes a tenth of a second to write for a province. A filtered
    list is short and written each time: a key per query would let anyone fill the cache."""
    if any(request.GET.get(name) for name in CatalogueFilter.base_filters):
        return _list_csv(request)
    version = catalogue_version(today=timezone.localdate())
    key = f"catalogue:csv:{version}:{request.build_absolute_uri('/')}:{get_language()}"
    return kept_response(key, CSV_SECONDS, lambda: _list_csv(request))


def _list_csv(request):
    filterset = _filtered(request)
    entries = catalogue_entries(filterset.qs, today=timezone.localdate())
    header = [
        _("Naam"),
        _("Andere namen"),
        _("Aanbod"),
        _("Sectoren"),
        _("Actief in"),
        _("Erkend voor"),
        _("Hoofdkantoor"),
        _("Adres"),
        _("Telefoon"),
        _("E-mail"),
        _("Website"),
        _("Pagina"),
    ]
    rows = [
        [
            entry.organisation.name,
            ", ".join(entry.aliases),
            entry.organisation.offer,
            ", ".join(s.name for s in entry.sectors),
            ", ".join(m.name for m in entry.municipalities),
            ", ".join(_recognition_text(r) for r in entry.recognitions),
            entry.organisation.headquarters,
            entry.organisation.public_address,
            entry.organisation.public_phone,
            entry.organisation.public_email,
            entry.organisation.website,
            request.build_absolute_uri(entry.url),
        ]
        for entry in entries
    ]
    return csv_response(
        "organisaties-sociale-economie.csv", header, rows, filters=chosen_filters(filterset)
    )


@require_safe
@login_not_required
def brochure(request):
    try:
        pdf = brochure_pdf()
    except BrochureBusy:
        # Many visitors at once must not each start a render of the whole catalogue.
        response = HttpResponse(
            _("De brochure wordt net opnieuw gemaakt. Probeer het over een halve minuut opnieuw."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="brochure-sociale-economie.pdf"'
    return response


def _recognition_text(recognition) -> str:
    if recognition.phasing_out:
        return _("%(measure)s (in uitdoof)") % {"measure": recognition.measure.name}
    return recognition.measure.name
