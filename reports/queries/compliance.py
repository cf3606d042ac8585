"""Whether each municipality takes part in at least one action in each domain of a year."""

from dataclasses import dataclass

from actors.models import Municipality, Region
from reports.models import Action, ActionDomain, ActionPlan


@dataclass
class ComplianceRow:
    municipality: Municipality
    counts: list[int]  # actions taken part in, per domain in the plan's order

    @property
    def is_met(self) -> bool:
        return all(self.counts)


@dataclass
class Compliance:
    year: int
    domains: list[ActionDomain]
    rows: list[ComplianceRow]

    @property
    def short(self) -> list[ComplianceRow]:
        return [row for row in self.rows if not row.is_met]


def action_compliance(plan: ActionPlan, region: Region) -> Compliance:
    """Per member municipality of ``region``, how many of the plan's actions it takes part in per
    domain (four queries). Daily work and dropped actions do not count; a regional action counts
    for every member, and the municipality that leads an action takes part in it."""
    municipalities = list(region.municipalities.order_by("name"))
    domains = list(plan.domains.order_by("position", "pk"))
    actions = (
        Action.objects.specific()
        .filter(domain__plan=plan)
        .exclude(status=Action.Status.DROPPED)
        .prefetch_related("municipalities")
    )
    members = {m.pk for m in municipalities}
    counts = {(m.pk, d.pk): 0 for m in municipalities for d in domains}
    for action in actions:
        if action.whole_region:
            taking_part = members
        else:
            taking_part = {m.pk for m in action.municipalities.all()}
            taking_part.add(action.lead_municipality_id)
        for municipality_id in taking_part & members:
            counts[(municipality_id, action.domain_id)] += 1
    rows = [ComplianceRow(m, [counts[(m.pk, d.pk)] for d in domains]) for m in municipalities]
    return Compliance(plan.year, domains, rows)
