"""Forms of the events admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration, Session
from events.queries import event_demotions, session_demotions
from events.services import RegistrationError, check_places


class StaffRegistrationForm(forms.ModelForm):
    """Adding someone in the admin, also after the deadline, through the same rules as the site."""

    sessions = forms.ModelMultipleChoiceField(
        queryset=Session.objects.select_related("event", "round"),
        label=_("workshops"),
        help_text=_("Eén workshop per reeks van het gekozen evenement."),
    )
    join_waiting_list = forms.BooleanField(
        required=False, initial=True, label=_("Op de wachtlijst als een workshop volzet is")
    )

    class Meta:
        model = Registration
        fields = [
            "event",
            "name",
            "email",
            "organisation_name",
            "organisation_type",
            "shipping_address",
        ]

    def clean(self):
        cleaned = super().clean()
        event, sessions = cleaned.get("event"), cleaned.get("sessions")
        if event and sessions is not None:
            try:
                check_places(
                    event, list(sessions), join_waiting_list=cleaned.get("join_waiting_list")
                )
            except RegistrationError as exc:
                self.add_error("sessions", exc.message)
        return cleaned


CONFIRM_LABEL = _("Bevestig: zij schuiven door naar de wachtlijst en krijgen een e-mail.")


def _demotion_error(capacity, moving) -> str:
    names = ", ".join(registration.name for registration in moving)
    return _(
        "Met maximum %(capacity)s schuiven %(count)s deelnemer(s) door naar de wachtlijst "
        "(wie het laatst een plaats kreeg): %(names)s. Vink “bevestig” aan om door te gaan."
    ) % {"capacity": capacity, "count": len(moving), "names": names}


class _LoweredCapacityForm(forms.ModelForm):
    """Lowering a maximum first names who would move to the waiting list and asks to confirm.
    A subclass names the query that tells who moves: ``who_moves(instance, capacity)``."""

    confirm_capacity = forms.BooleanField(required=False, label=CONFIRM_LABEL)

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        before = self.instance.capacity
        lowered = (
            self.instance.pk and capacity is not None and (before is None or capacity < before)
        )
        if lowered:
            moving = self.who_moves(self.instance, capacity)
            if moving and not cleaned.get("confirm_capacity"):
                self.add_error("confirm_capacity", _demotion_error(capacity, moving))
        return cleaned


class SessionCapacityForm(_LoweredCapacityForm):
    """A workshop's form."""

    class Meta:
        model = Session
        fields = ["capacity"]  # the admin adds the other fields it shows

    who_moves = staticmethod(session_demotions)


class EventCapacityForm(_LoweredCapacityForm):
    """An event's form (no maximum is "None": any maximum lowers it)."""

    class Meta:
        model = Event
        fields = ["capacity"]  # the admin adds the other fields it shows

    who_moves = staticmethod(event_demotions)
