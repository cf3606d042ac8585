"""Forms of the reports admin: daily work rows, carrying actions over, approving a report."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Body
from meetings.models import Decision
from reports.models import Action


class DailyWorkForm(forms.ModelForm):
    """A row of a domain's daily work: an action that is standing work, never a theme's."""

    class Meta:
        model = Action
        fields = ["position", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 80})}

    def clean(self):
        self.instance.is_daily_work = True
        return super().clean()


class CarryOverForm(forms.Form):
    actions = forms.ModelMultipleChoiceField(
        label=_("Acties die meegaan"),
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Afgeronde en geschrapte acties gaan niet mee; de dagelijkse werking altijd."),
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["actions"]
        field.queryset = actions
        field.initial = list(actions)
        field.label_from_instance = lambda action: (
            f"{action.domain.short_name}: {action.annex_wording} ({action.get_status_display()})"
        )


class ApprovalForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Goedgekeurd door het beheerscomité op"),
        help_text=_("dd/mm/jjjj, de datum van de vergadering die het verslag goedkeurde."),
    )
    decision = forms.ModelChoiceField(
        label=_("Beslissing"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("De beslissing in het verslag van die vergadering, als ze er al in staat."),
    )
    # The version the regisseur had in front of them: approving archives exactly that one.
    content_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["decision"].queryset = (
            Decision.objects.filter(meeting__body__kind=Body.Kind.MANAGEMENT_COMMITTEE)
            .select_related("meeting", "meeting__body", "meeting__host")
            .order_by("-meeting__date", "pk")
        )
        self.fields["decision"].label_from_instance = lambda decision: (
            f"{decision.meeting.date_label} – {decision.text[:80]}"
        )

    def clean_approved_on(self):
        approved_on = self.cleaned_data["approved_on"]
        if approved_on > timezone.localdate():
            raise forms.ValidationError(_("Die datum ligt in de toekomst."))
        if approved_on.year <= self.report.year:
            raise forms.ValidationError(
                _("Het verslag over %(year)s kan pas na dat jaar goedgekeurd worden.")
                % {"year": self.report.year}
            )
        latest = self.report.approvals.order_by("-approved_on").first()
        if latest and approved_on < latest.approved_on:
            raise forms.ValidationError(
                _("Er is al een goedkeuring van %(date)s; een nieuwe valt niet vroeger.")
                % {"date": latest.approved_on.strftime("%d/%m/%Y")}
            )
        return approved_on

    def clean(self):
        cleaned = super().clean()
        decision, approved_on = cleaned.get("decision"), cleaned.get("approved_on")
        if decision and approved_on and decision.meeting.date != approved_on:
            self.add_error(
                "approved_on",
                _("Die beslissing viel op %(date)s.") % {"date": decision.meeting.date_label},
            )
        return cleaned
