from django import forms
from django.contrib import admin, messages
from django.db.models import Count, F, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ilv.admin import FormDefaultsMixin, HistoryAdmin
from reports.forms import CarryOverForm, DailyWorkForm
from reports.models import Action, ActionDomain, ActionPlan, SupportedProject, Theme
from reports.services import ReportError
from reports.services.plans import plan_start_next_year


class DomainInline(admin.TabularInline):
    model = ActionDomain
    extra = 0
    fields = ["position", "name", "short_name"]
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(HistoryAdmin):
    list_display = ["__str__", "domain_count", "action_count"]
    inlines = [DomainInline]
    actions = ["start_next_year"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                domain_count=Count("domains", distinct=True),
                action_count=Count(
                    "domains__actions", filter=Q(domains__actions__is_daily_work=False)
                ),
            )
        )

    @admin.display(description=_("actiedomeinen"), ordering="domain_count")
    def domain_count(self, obj):
        return obj.domain_count

    @admin.display(description=_("acties"), ordering="action_count")
    def action_count(self, obj):
        return obj.action_count

    @admin.action(
        description=_("Jaaractieplan voor het volgende jaar starten"), permissions=["add"]
    )
    def start_next_year(self, request, queryset):
        if len(queryset) != 1:
            self.message_user(
                request, _("Kies één jaaractieplan om van te starten."), messages.ERROR
            )
            return None
        plan = queryset[0]
        unfinished = (
            Action.objects.unfinished()
            .filter(domain__plan=plan)
            .select_related("domain", "theme")
            .order_by("domain__position", "theme__position", "position", "pk")
        )
        form = CarryOverForm(request.POST if "apply" in request.POST else None, actions=unfinished)
        if form.is_bound and form.is_valid():
            try:
                new_plan = plan_start_next_year(plan=plan, carry_over=form.cleaned_data["actions"])
            except ReportError as error:
                self.message_user(request, error.message, messages.ERROR)
                return None
            self.message_user(
                request,
                _(
                    "%(plan)s is gestart: actiedomeinen, thema's en dagelijkse werking zijn "
                    "overgenomen, met %(count)s lopende of geplande acties."
                )
                % {"plan": new_plan, "count": len(form.cleaned_data["actions"])},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:reports_actionplan_change", args=[new_plan.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Jaaractieplan %(year)s starten") % {"year": plan.year + 1},
            "plan": plan,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/reports/actionplan/start_next_year.html", context)


class ParentDomainMixin:
    def parent_domain(self, request):
        object_id = request.resolver_match.kwargs.get("object_id")
        return ActionDomain.objects.filter(pk=object_id).first() if object_id else None


class DailyWorkInline(admin.TabularInline):
    model = Action
    form = DailyWorkForm
    extra = 1
    verbose_name = _("dagelijkse werking")
    verbose_name_plural = _("dagelijkse werking")

    def get_queryset(self, request):
        return super().get_queryset(request).daily_work()


class ThemeInline(admin.StackedInline):
    model = Theme
    extra = 0
    fields = [("position", "title"), "annex_title", "context"]


class ActionInline(ParentDomainMixin, admin.TabularInline):
    model = Action
    extra = 0
    fields = ["position", "theme", "text", "status"]
    show_change_link = True
    verbose_name = _("actie")
    verbose_name_plural = _("acties (details via “wijzigen”)")

    def get_queryset(self, request):
        actions = super().get_queryset(request).specific().select_related("theme")
        return actions.order_by(F("theme__position").asc(nulls_last=True), "position", "pk")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "theme":
            kwargs["queryset"] = Theme.objects.filter(domain=self.parent_domain(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget.attrs.update(rows=2, cols=70)
        return field


@admin.register(ActionDomain)
class ActionDomainAdmin(HistoryAdmin):
    list_display = ["name", "plan", "position", "short_name"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["name", "short_name"]
    fields = ["plan", ("position", "name"), "short_name", "intro", "daily_work_intro"]
    inlines = [DailyWorkInline, ThemeInline, ActionInline]


@admin.register(Action)
class ActionAdmin(FormDefaultsMixin, HistoryAdmin):
    list_display = [
        "short_text",
        "plan_year",
        "domain_name",
        "theme",
        "status",
        "lead_shown",
        "timing",
    ]
    list_filter = ["domain__plan", "status", "domain__name", "is_daily_work"]
    list_select_related = [
        "domain",
        "domain__plan",
        "theme",
        "lead_municipality",
        "lead_organisation",
    ]
    search_fields = ["text", "annex_text", "evaluation"]
    autocomplete_fields = [
        "lead_municipality",
        "lead_organisation",
        "partners",
        "municipalities",
        "meetings",
    ]
    raw_id_fields = ["carried_over_from"]
    fieldsets = [
        (None, {"fields": ["domain", "theme", "position", "is_daily_work", "status"]}),
        (_("Formulering"), {"fields": ["text", "annex_text"]}),
        (
            _("Wie"),
            {
                "fields": [
                    ("lead_municipality", "lead_organisation"),
                    "partners",
                    "whole_region",
                    "municipalities",
                ]
            },
        ),
        (_("Wanneer"), {"fields": ["timing", ("starts_on", "ends_on"), "meetings"]}),
        (_("Opvolging"), {"fields": ["evaluation", "carried_over_from", "note"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "annex_text":
            field.widget = forms.Textarea(attrs={"rows": 2, "cols": 80})
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "domain":
            kwargs["queryset"] = ActionDomain.objects.select_related("plan")
        if db_field.name == "theme":
            themes = Theme.objects.select_related("domain__plan").order_by(
                "-domain__plan__year", "domain__position", "position"
            )
            object_id = request.resolver_match.kwargs.get("object_id")
            if object_id:
                themes = themes.filter(domain__actions=object_id)
            kwargs["queryset"] = themes
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            # The same theme returns every year: say which year and domain each one is.
            field.label_from_instance = lambda theme: (
                f"{theme.domain.plan.year} – {theme.domain.short_name}: {theme.title}"
            )
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("actie"), ordering="text")
    def short_text(self, obj):
        return Truncator(obj.annex_wording).chars(90)

    @admin.display(description=_("jaar"), ordering="domain__plan__year")
    def plan_year(self, obj):
        return obj.domain.plan.year

    @admin.display(description=_("actiedomein"), ordering="domain__position")
    def domain_name(self, obj):
        return obj.domain.short_name

    @admin.display(description=_("trekker"))
    def lead_shown(self, obj):
        return obj.lead or ""


@admin.register(SupportedProject)
class SupportedProjectAdmin(FormDefaultsMixin, HistoryAdmin):
    list_display = ["name", "year", "position", "partners_label", "website"]
    list_filter = ["year"]
    list_editable = ["position"]
    search_fields = ["name", "partners_label", "description"]
    autocomplete_fields = ["partners"]
