"""Forms of the events admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration, Session
from events.queries import event_demotions, session_demotions
from events.services import RegistrationError, availability, check_choices, full_message


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
                check_choices(event, list(sessions))
            except RegistrationError as exc:
                self.add_error("sessions", exc.message)
            else:
                event_full, full = availability(event, list(sessions))
                if (event_full or full) and not cleaned.get("join_waiting_list"):
                    self.add_error("sessions", full_message(event_full, full))
        return cleaned


CONFIRM_LABEL = _("Bevestig: zij schuiven door naar de wachtlijst en krijgen een e-mail.")


def _demotion_error(capacity, moving) -> str:
    names = ", ".join(registration.name for registration in moving)
    return _(
        "Met maximum %(capacity)s schuiven %(count)s deelnemer(s) door naar de wachtlijst "
        "(wie het laatst een plaats kreeg): %(names)s. Vink “bevestig” aan om door te gaan."
    ) % {"capacity": capacity, "count": len(moving), "names": names}


class SessionCapacityForm(forms.ModelForm):
    """A workshop's form: lowering its maximum first names who would move to the waiting list."""

    confirm_capacity = forms.BooleanField(required=False, label=CONFIRM_LABEL)

    class Meta:
        model = Session
        fields = ["capacity"]  # the admin adds the other fields it shows

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None and capacity < self.instance.capacity:
            moving = session_demotions(self.instance, capacity)
            if moving and not cleaned.get("confirm_capacity"):
                self.add_error("confirm_capacity", _demotion_error(capacity, moving))
        return cleaned


class EventCapacityForm(forms.ModelForm):
    """An event's form: lowering its maximum first names who would move to the waiting list."""

    confirm_capacity = forms.BooleanField(required=False, label=CONFIRM_LABEL)

    class Meta:
        model = Event
        fields = ["capacity"]  # the admin adds the other fields it shows

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        lowered = (
            self.instance.pk
            and capacity is not None
            and (self.instance.capacity is None or capacity < self.instance.capacity)
        )
        if lowered:
            moving = event_demotions(self.instance, capacity)
            if moving and not cleaned.get("confirm_capacity"):
                self.add_error("confirm_capacity", _demotion_error(capacity, moving))
        return cleaned
