"""Forms of the events admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Registration, Session
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
