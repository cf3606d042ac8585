"""Public forms of an event: register, and change a registration through the personal link."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import EventExtra, Registration
from events.validators import validate_single_line
from ilv.templatetags.ilv_format import format_number


class SessionChoiceField(forms.ModelChoiceField):
    """A workshop of one round, labelled with its room and the places left (or "volzet")."""

    def __init__(self, *args, places_left, **kwargs):
        self.places_left = places_left
        super().__init__(*args, **kwargs)

    def label_from_instance(self, session):
        left = self.places_left.get(session.pk, 0)
        if left <= 0:
            places = _("volzet, wachtlijst mogelijk")
        else:
            places = ngettext("nog %(n)d plaats", "nog %(n)d plaatsen", left) % {"n": left}
        return f"{session.number}. {session.title} ({session.room}; {places})"


class ExtrasField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, extra):
        price = format_number(extra.price, 2)
        return _("%(name)s (€ %(price)s)") % {"name": extra.name, "price": price}


class WorkshopChoicesMixin:
    """One required choice per round (field ``reeks_<number>``), plus waiting list and order."""

    def add_workshop_fields(self, event, places_left, rounds, *, every_round=True):
        for round_ in rounds:
            self.fields[f"reeks_{round_.number}"] = SessionChoiceField(
                queryset=round_.sessions.all(),
                places_left=places_left,
                widget=forms.RadioSelect,
                empty_label=None,
                required=every_round,
                label=_("Keuze workshop reeks %(number)s (%(start)s–%(end)s)")
                % {
                    "number": round_.number,
                    "start": round_.start_time.strftime("%H:%M"),
                    "end": round_.end_time.strftime("%H:%M"),
                },
                error_messages={"required": _("Kies een workshop in deze reeks.")},
            )
        self.fields["join_waiting_list"] = forms.BooleanField(
            required=False,
            label=_(
                "Is een gekozen workshop (of het evenement) volzet, zet me dan op de wachtlijst."
            ),
        )
        extras = EventExtra.objects.filter(event=event)
        if extras:
            self.fields["extras"] = ExtrasField(
                queryset=extras,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("Bestellen?"),
                help_text=" ".join(e.description for e in extras if e.description),
            )
            self.fields["shipping_address"] = forms.CharField(
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                label=_("Verzendadres"),
                help_text=_(
                    "Straat en huisnummer, postcode en gemeente. Enkel nodig als je iets bestelt."
                ),
            )
        self.round_fields = [f"reeks_{r.number}" for r in rounds]

    def chosen_sessions(self):
        """The workshop of each round that has one (a change may leave a round empty)."""
        return [self.cleaned_data[name] for name in self.round_fields if self.cleaned_data[name]]

    def clean(self):
        cleaned = super().clean()
        needs_address = any(e.needs_shipping_address for e in cleaned.get("extras") or [])
        if needs_address and not (cleaned.get("shipping_address") or "").strip():
            self.add_error(
                "shipping_address",
                _("Geef een verzendadres op, dan kunnen we je bestelling sturen."),
            )
        return cleaned


class RegistrationForm(WorkshopChoicesMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200, validators=[validate_single_line])
    email = forms.EmailField(label=_("E-mailadres"), help_text=_("Voor contactopvolging."))
    organisation_name = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        validators=[validate_single_line],
        help_text=_("Overheidsdienst, bedrijf, vereniging, ..."),
    )
    organisation_type = forms.ChoiceField(
        label=_("Soort organisatie"),
        choices=Registration.OrganisationType.choices,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("Ik ga akkoord met de privacyverklaring."),
        error_messages={"required": _("Zonder je akkoord kunnen we je inschrijving niet bewaren.")},
    )
    # A field people never see: a bot that fills in every field gives itself away.
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))

    field_order = ["name", "email", "organisation_name", "organisation_type"]

    def __init__(self, *args, event, places_left, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_workshop_fields(event, places_left, rounds)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for name in ("name", "email", "organisation_name"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "name": "name",
                "email": "email",
                "organisation_name": "organization",
            }[name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Je inschrijving kon niet verwerkt worden."))
        return cleaned


class ChangeForm(WorkshopChoicesMixin, forms.Form):
    def __init__(self, *args, event, places_left, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        # A round given up (a seat given back) stays empty until a workshop is chosen again.
        self.add_workshop_fields(event, places_left, rounds, every_round=False)


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, ik annuleer mijn inschrijving."),
        error_messages={"required": _("Vink aan dat je wilt annuleren.")},
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, wis mijn gegevens. Mijn inschrijving wordt daarbij geannuleerd."),
        error_messages={"required": _("Vink aan dat je je gegevens wilt laten wissen.")},
    )
