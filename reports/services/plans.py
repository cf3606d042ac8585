"""Starting next year's action plan from this year's."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from reports.models import Action, ActionDomain, ActionPlan, Theme
from reports.services import ReportError

# What an action keeps when it is carried over; its meetings, timing and evaluation belong to the
# year it came from.
CARRIED_FIELDS = ["position", "text", "annex_text", "lead_municipality", "lead_organisation"]


def plan_start_next_year(*, plan: ActionPlan, carry_over: Iterable[Action] = ()) -> ActionPlan:
    """The plan for the year after ``plan``: its domains, themes and daily work copied, and the
    chosen unfinished actions carried over (linked to the action they continue).

    Runs in one transaction: a plan that cannot be made completely is not made at all.
    """
    carry_over = list(carry_over)
    foreign = [a for a in carry_over if a.domain.plan_id != plan.pk or a.is_daily_work]
    if foreign:
        raise ReportError(
            _("Enkel acties van het jaaractieplan %(year)s kunnen mee.") % {"year": plan.year}
        )
    finished = [a for a in carry_over if a.is_finished]
    if finished:
        raise ReportError(
            _("“%(action)s” is %(status)s en gaat niet mee naar volgend jaar.")
            % {"action": finished[0].annex_wording, "status": finished[0].get_status_display()}
        )
    chosen = {a.pk for a in carry_over}
    exists = _("Er is al een jaaractieplan %(year)s.") % {"year": plan.year + 1}
    if ActionPlan.objects.filter(year=plan.year + 1).exists():
        raise ReportError(exists)
    try:
        with transaction.atomic():
            return _copy_plan(plan, chosen)
    except IntegrityError:  # started at the same moment by someone else
        raise ReportError(exists) from None
    except ValidationError as error:  # e.g. a year beyond what a plan may have
        raise ReportError(" ".join(error.messages)) from None


def _copy_plan(plan: ActionPlan, chosen: set[int]) -> ActionPlan:
    new_plan = _saved(ActionPlan(year=plan.year + 1))
    domains = plan.domains.prefetch_related(
        "themes", "actions__partners", "actions__municipalities"
    )
    for domain in domains:
        new_domain = _saved(
            ActionDomain(
                plan=new_plan,
                position=domain.position,
                name=domain.name,
                short_name=domain.short_name,
                intro=domain.intro,
                daily_work_intro=domain.daily_work_intro,
            )
        )
        themes = {
            theme.pk: _saved(
                Theme(
                    domain=new_domain,
                    position=theme.position,
                    title=theme.title,
                    annex_title=theme.annex_title,
                    context=theme.context,
                )
            )
            for theme in domain.themes.all()
        }
        for action in domain.actions.all():
            if action.is_daily_work or action.pk in chosen:
                _copy_action(action, new_domain, themes)
    return new_plan


def _copy_action(action: Action, domain: ActionDomain, themes: dict[int, Theme]) -> Action:
    copy = Action(
        domain=domain,
        theme=themes.get(action.theme_id),
        is_daily_work=action.is_daily_work,
        whole_region=action.whole_region,
        **{name: getattr(action, name) for name in CARRIED_FIELDS},
    )
    if not action.is_daily_work:
        copy.carried_over_from = action
        ongoing = action.status == Action.Status.ONGOING
        copy.status = Action.Status.ONGOING if ongoing else Action.Status.PLANNED
    _saved(copy)
    copy.partners.set(action.partners.all())
    copy.municipalities.set(action.municipalities.all())
    return copy


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance
