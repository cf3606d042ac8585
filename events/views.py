"""Public pages of events: the list, the event page, registration and the personal pages.

The personal pages need no login: the signed link is the key. They are never cached, and they
answer a new and a repeated registration alike ("kijk in je mailbox"), so the form does not tell
a stranger who is registered.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events.erasure import registration_erase_now
from events.forms import CancelForm, ChangeForm, EraseForm, RegistrationForm
from events.links import registration_from_token
from events.models import Event, Registration, Session
from events.queries import (
    event_place_in_line,
    event_places_left,
    event_program,
    events_listing,
    places_left,
    registration_overview,
)
from events.services import (
    AlreadyRegistered,
    RegistrationError,
    choice_give_up,
    choice_switch,
    registration_cancel,
    registration_change,
    registration_create,
)
from ilv.ratelimit import submission_failed, submission_start, too_many_response

# Completed submissions per address and hour: room for an office registering its colleagues.
SUBMISSIONS = {"limit": 30, "window": 3600}


def _get_event(request, slug) -> Event:
    """A published event; the regisseur may also preview an unpublished one."""
    event = get_object_or_404(Event.objects.select_related("organiser"), slug=slug)
    if not event.is_published and not request.user.has_perm("events.change_event"):
        raise Http404
    return event


def _site(request) -> str:
    """The address the site was reached at, for the links in the mails this request causes."""
    return request.build_absolute_uri("/")


@require_safe
@login_not_required
def event_list(request):
    today = timezone.localdate()
    rows = [{"event": e, "past": e.date < today} for e in events_listing(today)]
    page = Paginator(rows, 20).get_page(request.GET.get("pagina"))
    return render(request, "events/list.html", {"page": page, "now": timezone.now()})


@require_safe
@login_not_required
def event_detail(request, slug):
    event = _get_event(request, slug)
    context = {
        "event": event,
        "program": event_program(event),
        "places_left": event_places_left(event),
        "is_open": event.registration_is_open(),
        "extras": event.extras.all(),
    }
    return render(request, "events/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_not_required
def register(request, slug):
    event = _get_event(request, slug)
    if not event.registration_is_open():
        return render(request, "events/closed.html", {"event": event})
    form_kwargs = _form_kwargs(event)
    if request.method == "POST":
        submission = submission_start(request, "register", **SUBMISSIONS)
        if submission is None:
            return too_many_response(request)
        form = RegistrationForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration_create(
                    event=event,
                    name=data["name"],
                    email=data["email"],
                    organisation_name=data["organisation_name"],
                    organisation_type=data["organisation_type"],
                    sessions=form.chosen_sessions(),
                    extras=list(data.get("extras") or []),
                    shipping_address=data.get("shipping_address", ""),
                    join_waiting_list=data["join_waiting_list"],
                    site_url=_site(request),
                )
            except AlreadyRegistered:
                done = True  # the same answer as a new registration; the mail tells the owner
            except RegistrationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                done = False
            else:
                done = True
            if done:
                return redirect("events:sent", slug=event.slug)
        submission_failed(submission)  # form errors do not count
    else:
        form = RegistrationForm(**form_kwargs)
    context = {
        "event": event,
        "form": form,
        "places_left": event_places_left(event),
        "privacy_url": reverse("events:privacy"),
    }
    return render(request, "events/register.html", context)


@require_safe
@login_not_required
def sent(request, slug):
    """After registering: where to find the personal link (the same for everyone)."""
    return render(request, "events/sent.html", {"event": _get_event(request, slug)})


def _form_kwargs(event: Event, program=None) -> dict:
    """What the registration and change forms need: rounds, their workshops and places left."""
    program = program if program is not None else event_program(event)
    return {
        "event": event,
        "places_left": places_left(program),
        "rounds": [r.round for r in program],
    }


def _get_registration(slug, token) -> Registration:
    registration = registration_from_token(
        token, Registration.objects.select_related("event").filter(event__slug=slug)
    )
    if registration is None:
        raise Http404
    return registration


def _closed_message(event: Event) -> str:
    still = _("Een plaats teruggeven, de wachtlijst verlaten of annuleren kan nog wel.")
    closes_at = event.registration_closes_at
    if not event.registration_enabled or closes_at is None or closes_at > timezone.now():
        # Closed by the regisseur rather than by the deadline: no date to name.
        closed = _("De inschrijvingen zijn afgesloten: je keuzes wijzigen kan niet meer.")
    else:
        closed = _(
            "De inschrijvingen zijn afgesloten sinds %(closed)s: je keuzes wijzigen kan niet meer."
        ) % {"closed": timezone.localtime(closes_at).strftime("%d/%m/%Y %H:%M")}
    return f"{closed} {still}"


@never_cache
@require_http_methods(["GET", "POST"])
@login_not_required
def registration_page(request, slug, token):
    """The personal page: see, change or cancel a registration, and its waiting lists."""
    registration = _get_registration(slug, token)
    event = registration.event
    program = event_program(event)
    rows = registration_overview(registration, program)
    initial = {f"reeks_{row.round.number}": row.choice.session_id for row in rows if row.choice} | {
        "extras": registration.extras.all(),
        "shipping_address": registration.shipping_address,
    }
    is_open = event.registration_is_open()
    form = None
    if registration.is_active and is_open:
        form = ChangeForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            **_form_kwargs(event, program),
        )
    if request.method == "POST":
        submission = submission_start(request, "change", **SUBMISSIONS)
        if submission is None:
            return too_many_response(request)
        if form is None:
            # Say why nothing changed, instead of quietly showing the page again.
            cancelled = _("Deze inschrijving werd geannuleerd.")
            messages.error(request, _closed_message(event) if registration.is_active else cancelled)
        elif form.is_valid():
            try:
                registration_change(
                    registration=registration,
                    sessions=form.chosen_sessions(),
                    extras=list(form.cleaned_data.get("extras") or []),
                    shipping_address=form.cleaned_data.get("shipping_address", ""),
                    join_waiting_list=form.cleaned_data["join_waiting_list"],
                    site_url=_site(request),
                )
            except RegistrationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, _("Je wijzigingen zijn bewaard; je krijgt een bevestiging per e-mail.")
                )
                return redirect(registration.get_absolute_url())
        submission_failed(submission)
    context = {
        "event": event,
        "registration": registration,
        "rows": rows,
        "event_position": event_place_in_line(registration),
        "form": form,
        "closed_message": None if is_open else _closed_message(event),
        "token": token,
    }
    return render(request, "events/registration.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@login_not_required
def registration_cancel_page(request, slug, token):
    registration = _get_registration(slug, token)
    if not registration.is_active:
        return redirect(registration.get_absolute_url())
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        submission = submission_start(request, "change", **SUBMISSIONS)
        if submission is None:
            return too_many_response(request)
        if not form.is_valid():
            submission_failed(submission)
        else:
            registration_cancel(registration=registration, site_url=_site(request))
            messages.success(
                request,
                _("Je inschrijving is geannuleerd. Je krijgt nog een bevestiging per e-mail."),
            )
            return redirect(registration.event.get_absolute_url())
    context = {
        "event": registration.event,
        "registration": registration,
        "form": form,
        "token": token,
    }
    return render(request, "events/cancel.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@login_not_required
def give_back(request, slug, token, number):
    """Give back the seat of one round, or leave its waiting list; the next in line gets it.
    The link in the "er is een plaats voor je" mail leads here."""
    registration = _get_registration(slug, token)
    choice = (
        registration.choices.select_related("session", "round").filter(round__number=number).first()
    )
    if choice is None or not registration.is_active:
        return redirect(registration.get_absolute_url())
    if request.method == "POST":
        submission = submission_start(request, "change", **SUBMISSIONS)
        if submission is None:
            return too_many_response(request)
        try:
            choice_give_up(registration=registration, round_number=number, site_url=_site(request))
        except RegistrationError as exc:
            submission_failed(submission)
            messages.error(request, exc.message)
        else:
            if choice.status == choice.Status.CONFIRMED:
                done = _("Je plaats in “%(title)s” gaat naar wie er het langst op wacht.")
            else:
                done = _("Je staat niet meer op de wachtlijst van “%(title)s”.")
            messages.success(request, done % {"title": choice.session.title})
        return redirect(registration.get_absolute_url())
    context = {"event": registration.event, "choice": choice, "token": token}
    return render(request, "events/give_back.html", context)


@never_cache
@require_POST
@login_not_required
def switch(request, slug, token):
    """Move to a workshop of the same round that has a free place."""
    registration = _get_registration(slug, token)
    workshop = request.POST.get("workshop", "")
    sessions = Session.objects.filter(event=registration.event)
    session = sessions.filter(pk=workshop).first() if workshop.isdecimal() else None
    if session is None:
        messages.error(request, _("Kies een workshop van dit evenement."))
        return redirect(registration.get_absolute_url())
    submission = submission_start(request, "change", **SUBMISSIONS)
    if submission is None:
        return too_many_response(request)
    try:
        choice_switch(registration=registration, session=session, site_url=_site(request))
    except RegistrationError as exc:
        submission_failed(submission)
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Je hebt nu een plaats in “%(title)s”.") % {"title": session.title},
        )
    return redirect(registration.get_absolute_url())


@never_cache
@require_http_methods(["GET", "POST"])
@login_not_required
def erase(request, slug, token):
    """Erase one's own personal data now (the registration is cancelled first)."""
    registration = _get_registration(slug, token)
    event = registration.event
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        registration_erase_now(registration=registration, site_url=_site(request))
        return render(request, "events/erased.html", {"event": event})
    context = {"event": event, "registration": registration, "form": form, "token": token}
    return render(request, "events/erase.html", context)


@require_safe
@login_not_required
def privacy(request):
    return render(request, "events/privacy.html")
