"""Public pages of events: the list, the event page, registration and the personal page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.forms import CancelForm, ChangeForm, RegistrationForm
from events.links import registration_from_token
from events.models import Event, Registration
from events.queries import event_places_left, event_program, events_listing, places_left
from events.services import (
    AlreadyRegistered,
    RegistrationError,
    registration_cancel,
    registration_change,
    registration_create,
)
from ilv.ratelimit import too_many_attempts, too_many_response


def _get_event(request, slug) -> Event:
    """A published event; the regisseur may also preview an unpublished one."""
    event = get_object_or_404(Event.objects.select_related("organiser"), slug=slug)
    if not event.is_published and not request.user.has_perm("events.change_event"):
        raise Http404
    return event


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
        if too_many_attempts(request, "register"):
            return too_many_response(request)
        form = RegistrationForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = registration_create(
                    event=event,
                    name=data["name"],
                    email=data["email"],
                    organisation_name=data["organisation_name"],
                    organisation_type=data["organisation_type"],
                    sessions=form.chosen_sessions(),
                    extras=list(data.get("extras") or []),
                    shipping_address=data.get("shipping_address", ""),
                    join_waiting_list=data["join_waiting_list"],
                )
            except AlreadyRegistered as exc:
                return render(
                    request,
                    "events/already.html",
                    {"event": event, "message": exc.message},
                )
            except RegistrationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _confirmation_message(registration))
                return redirect(registration.get_absolute_url())
    else:
        form = RegistrationForm(**form_kwargs)
    context = {
        "event": event,
        "form": form,
        "places_left": event_places_left(event),
        "privacy_url": reverse("events:privacy"),
    }
    return render(request, "events/register.html", context)


def _form_kwargs(event: Event) -> dict:
    """What the registration and change forms need: rounds, their workshops and places left."""
    program = event_program(event)
    return {
        "event": event,
        "places_left": places_left(program),
        "rounds": [r.round for r in program],
    }


def _confirmation_message(registration: Registration) -> str:
    if registration.status == Registration.Status.WAITING:
        return _(
            "Je staat op de wachtlijst. We stuurden een e-mail met je keuzes en je "
            "persoonlijke link."
        )
    return _("Je bent ingeschreven. We stuurden een bevestiging met je persoonlijke link.")


def _get_registration(slug, token) -> Registration:
    registration = registration_from_token(
        token, Registration.objects.select_related("event").filter(event__slug=slug)
    )
    if registration is None:
        raise Http404
    return registration


@require_http_methods(["GET", "POST"])
@login_not_required
def registration_page(request, slug, token):
    """The personal page: see, change or cancel a registration (no login, the link is the key)."""
    registration = _get_registration(slug, token)
    event = registration.event
    choices = list(
        registration.choices.select_related("session", "round").order_by("round__number")
    )
    initial = {f"reeks_{c.round.number}": c.session_id for c in choices}
    initial |= {
        "extras": registration.extras.all(),
        "shipping_address": registration.shipping_address,
    }
    form_kwargs = _form_kwargs(event)
    if request.method == "POST":
        if too_many_attempts(request, "change"):
            return too_many_response(request)
        form = ChangeForm(request.POST, initial=initial, **form_kwargs)
        if form.is_valid():
            try:
                registration_change(
                    registration=registration,
                    sessions=form.chosen_sessions(),
                    extras=list(form.cleaned_data.get("extras") or []),
                    shipping_address=form.cleaned_data.get("shipping_address", ""),
                    join_waiting_list=form.cleaned_data["join_waiting_list"],
                )
            except RegistrationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, _("Je wijzigingen zijn bewaard; je krijgt een bevestiging per e-mail.")
                )
                return redirect(registration.get_absolute_url())
    else:
        form = ChangeForm(initial=initial, **form_kwargs)
    context = {
        "event": event,
        "registration": registration,
        "choices": choices,
        "form": form if registration.is_active and event.registration_is_open() else None,
        "token": token,
    }
    return render(request, "events/registration.html", context)


@require_http_methods(["GET", "POST"])
@login_not_required
def registration_cancel_page(request, slug, token):
    registration = _get_registration(slug, token)
    if not registration.is_active:
        return redirect(registration.get_absolute_url())
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if too_many_attempts(request, "cancel"):
            return too_many_response(request)
        if form.is_valid():
            registration_cancel(registration=registration)
            messages.success(
                request,
                _("Je inschrijving is geannuleerd. Je krijgt nog een bevestiging per e-mail."),
            )
            return redirect(registration.event.get_absolute_url())
    return render(
        request,
        "events/cancel.html",
        {"event": registration.event, "registration": registration, "form": form, "token": token},
    )


@require_safe
@login_not_required
def privacy(request):
    return render(request, "events/privacy.html")
