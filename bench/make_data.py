"""Flanders-scale data for measuring the pages (issue 16): seeded, deterministic, one command.

    createdb -h 127.0.0.1 -U postgres ilv_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ilv_bench
    DEBUG=true .venv/bin/python manage.py migrate
    DEBUG=true .venv/bin/python bench/make_data.py [--scale 1] [--seed 16] [--end 2026-11]

Starts from the demo (runs ``load_demo`` when the database holds no municipality yet) and adds,
at ``--scale 1``: 300 municipalities, 15 regions (the demo's home region stays the one home),
3,000 organisations (sectors, active_in, a fifth in the catalogue with their public fields),
66,000 allocations over ten years for the measures of the demo, 378,000 monthly labour-market
figures (every municipality and region × the ten indicators × 120 months), 1,500 meetings
(bodies with memberships, agenda items, decisions with owners and due dates, minutes approved by
the next meeting, some with a host), 200 events (copies of the 2020 Netwerkdag through
``events.services.event_copy``) with 31,000 registrations and their workshop choices, and an
action plan with actions for each of the ten years.

Everything is written with ``bulk_create`` in batches; models with a history (simple-history)
get their "created" history rows in bulk too (``bulk_create_with_history``), as an import would
leave them, so that pages reading history see production-like tables. ``--scale 0.1`` makes a
tenth of everything (at least the demo's own rows) for a quick run. The same ``--seed`` and
``--end`` give the same rows; only history dates and the demo's own rows around today differ.

Refuses a database that already holds more than the demo (``--force`` overrides), and, when
DEBUG is off, a database whose name does not contain "bench" or "test".
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilv.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from actors.models import (  # noqa: E402
    Body,
    LabourMarketFigure,
    Membership,
    Municipality,
    Organisation,
    OrganisationAlias,
    Person,
    Region,
    Sector,
)
from contingents.models import Allocation, Measure  # noqa: E402
from events.models import Event, Registration, Session, SessionChoice  # noqa: E402
from events.services import event_copy  # noqa: E402
from meetings.models import AgendaItem, Decision, Meeting  # noqa: E402
from reports.models import Action, ActionDomain, ActionPlan, Theme  # noqa: E402

# The figures of issue 16 at --scale 1.
TARGETS = {
    "municipalities": 300,
    "regions": 15,
    "organisations": 3_000,
    "allocations": 66_000,
    "labour_market_figures": 378_000,
    "meetings": 1_500,
    "events": 200,
    "registrations": 31_000,
}
YEARS = 10
BATCH = 5_000
REASON = "bench/make_data.py"
EVENT_TEMPLATE = "netwerkdag-sociale-economie-2020"
# Models the demo fixtures fill; a database holding more of them than the fixtures is not a demo.
GUARDED = [Municipality, Organisation, Allocation, LabourMarketFigure, Registration, Meeting]
# load_demo adds a demo event and two demo meetings beside the fixtures.
DEMO_EXTRA = {Meeting: 3}

SYLLABLES_START = ["Aar", "Berg", "Bos", "Dil", "Ed", "Gel", "Hal", "Hoog", "Kap", "Kort"]
SYLLABLES_START += ["Lan", "Mer", "Neer", "Oost", "Ou", "Pol", "Ros", "Stee", "Tie", "Ver", "Wes"]
SYLLABLES_END = ["beek", "bergen", "dorp", "gem", "hout", "kerke", "lo", "meer", "rode", "zele"]
SYLLABLES_END += ["dijk", "hoven", "laar", "akker", "mol", "donk", "winkel", "kapelle", "veld"]
KINDS_WEIGHTED = [
    (Organisation.Kind.SOCIAL_ECONOMY, 45),
    (Organisation.Kind.ENTERPRISE, 15),
    (Organisation.Kind.WELFARE, 12),
    (Organisation.Kind.LOCAL_AUTHORITY, 8),
    (Organisation.Kind.NETWORK, 5),
    (Organisation.Kind.EDUCATION, 5),
    (Organisation.Kind.PUBLIC_BODY, 4),
    (Organisation.Kind.OTHER, 6),
]
SECTOR_NAMES = ["Schoonmaak", "Catering", "Logistiek", "Bouw", "Textiel", "Zorg", "Drukwerk"]
OFFER = (
    "Maatwerkbedrijf met groenonderhoud, schoonmaak en een kringwinkel; begeleidt "
    "werkzoekenden naar duurzaam werk en werkt samen met lokale besturen in de regio. "
)
MINUTES = (
    "De voorzitter opent de vergadering en overloopt de agenda. Het verslag van de vorige "
    "vergadering wordt besproken. De regisseur licht de stand van zaken toe van de acties van "
    "het jaaractieplan, de contingenten per maatregel en de arbeidsmarktcijfers van de regio. "
    "De leden bespreken de samenwerking met de lokale besturen en de ondernemingen. "
)


def scaled(name: str, scale: float) -> int:
    return round(TARGETS[name] * scale)


def missing(name: str, scale: float, have: int, floor: int) -> int:
    """How many rows to add so that there are the scaled target, and at least ``floor`` new ones
    (a tiny scale still makes a few of everything)."""
    return max(floor, scaled(name, scale) - have)


def month_add(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def enterprise_number(serial: int) -> str:
    eight = f"{4_000_000 + serial:08d}"
    digits = eight + f"{97 - int(eight) % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def in_batches(model, objects, *, history: bool = True) -> list:
    """bulk_create (with history rows when the model keeps history), BATCH rows at a time."""
    if history and hasattr(model, "history"):
        created = []
        for start in range(0, len(objects), BATCH):
            created += bulk_create_with_history(
                objects[start : start + BATCH],
                model,
                batch_size=BATCH,
                default_change_reason=REASON,
            )
        return created
    return model.objects.bulk_create(objects, batch_size=BATCH)


def fixture_counts() -> Counter:
    counts = Counter()
    for path in sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            counts[row["model"]] += 1
    return counts


def refusal(*, force: bool) -> str | None:
    """Why the configured database must not receive bench data, or None."""
    name = str(connection.settings_dict["NAME"])
    if not settings.DEBUG and not any(word in name.lower() for word in ("bench", "test")):
        return (
            f"DEBUG is off and the database {name!r} does not look like a bench database (its "
            "name holds neither 'bench' nor 'test'): refusing to fill it."
        )
    if force:
        return None
    demo = fixture_counts()
    for model in GUARDED:
        allowed = demo[model._meta.label_lower] + DEMO_EXTRA.get(model, 0)
        if model.objects.count() > allowed:
            return (
                f"The database {name!r} holds more {model._meta.verbose_name_plural} than the "
                f"demo ({model.objects.count()} > {allowed}): bench data goes into a database of "
                "its own. Use --force to add to it anyway."
            )
    return None


class Generator:
    def __init__(self, *, scale: float, seed: int, end: datetime.date, out=sys.stdout):
        self.scale, self.rng, self.out = scale, random.Random(seed), out
        self.end = end.replace(day=1)  # the last month with figures
        self.first = month_add(self.end, -(YEARS * 12 - 1))
        self.made: dict[str, int] = {}
        self.times: dict[str, float] = {}

    def step(self, name, function):
        start = time.perf_counter()
        with transaction.atomic():
            count = function()
        self.times[name] = time.perf_counter() - start
        self.made[name] = count
        self.out.write(f"  {name:<28} {count:>9,d}  {self.times[name]:7.1f} s\n")
        self.out.flush()

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def run(self) -> dict[str, int]:
        self.step("municipalities", self.municipalities)
        self.step("regions", self.regions)
        self.step("organisations", self.organisations)
        self.step("allocations", self.allocations)
        self.step("labour-market figures", self.labour_market)
        self.step("bodies and memberships", self.bodies)
        self.step("meetings", self.meetings)
        self.step("events", self.events)
        self.step("registrations", self.registrations)
        self.step("action plans", self.action_plans)
        return self.made

    # --- actors -------------------------------------------------------------------------------

    def municipalities(self) -> int:
        names = set(Municipality.objects.values_list("name", flat=True))
        codes = set(Municipality.objects.values_list("nis_code", flat=True))
        wanted = missing("municipalities", self.scale, len(names), 2)
        new, serial = [], 0
        while len(new) < wanted:
            serial += 1
            name = self.rng.choice(SYLLABLES_START) + self.rng.choice(SYLLABLES_END)
            if name in names:
                name = f"{name}-{self.rng.choice(SYLLABLES_START)}{serial % 7 or ''}"
            code = f"{self.rng.choice('1234567')}{serial:04d}"
            if name in names or code in codes:
                continue
            names.add(name)
            codes.add(code)
            new.append(Municipality(name=name, nis_code=code))
        in_batches(Municipality, new)
        return len(new)

    def regions(self) -> int:
        home = Region.objects.home()
        taken = set(home.municipalities.values_list("pk", flat=True))
        free = list(
            Municipality.objects.exclude(pk__in=taken)
            .exclude(regions__isnull=False)
            .order_by("nis_code")
        )
        wanted = missing("regions", self.scale, Region.objects.count(), 1)
        new = [Region(name=f"Regie sociale economie regio {i + 1:02d}") for i in range(wanted)]
        in_batches(Region, new)
        through = Region.municipalities.through
        links = [
            through(region=new[i % len(new)], municipality=municipality)
            for i, municipality in enumerate(free if new else [])
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        for region in new:
            members = [link.municipality for link in links if link.region_id == region.pk]
            region.lead_municipality = members[0] if members else None
        Region.objects.bulk_update(new, ["lead_municipality"])
        return len(new)

    def organisations(self) -> int:
        sectors = list(Sector.objects.all())
        for name in SECTOR_NAMES:
            if len(sectors) >= 10:
                break
            sectors.append(Sector.objects.get_or_create(name=name)[0])
        municipalities = list(Municipality.objects.order_by("nis_code"))
        kinds = [kind for kind, _weight in KINDS_WEIGHTED]
        weights = [weight for _kind, weight in KINDS_WEIGHTED]
        names = set(Organisation.objects.values_list("name", flat=True))
        new = []
        for i in range(missing("organisations", self.scale, len(names), 10)):
            home = self.rng.choice(municipalities)
            kind = self.rng.choices(kinds, weights)[0]
            in_catalogue = kind == Organisation.Kind.SOCIAL_ECONOMY and self.rng.random() < 0.45
            name = f"{self.rng.choice(['De', 'Het', 'Atelier', 'Werkhuis', 'Groep'])} "
            name += f"{self.rng.choice(SYLLABLES_START)}{self.rng.choice(SYLLABLES_END)} {i:04d}"
            new.append(
                Organisation(
                    name=name,
                    kind=kind,
                    headquarters=home.name,
                    headquarters_municipality=home,
                    enterprise_number=enterprise_number(i) if self.rng.random() < 0.8 else "",
                    website=f"https://org{i:04d}.bench.example/",
                    description="Interne beschrijving voor de regisseur. " * 3,
                    in_catalogue=in_catalogue,
                    offer=OFFER if in_catalogue else "",
                    public_address=f"Voorbeeldstraat {i % 200 + 1}, {home.name}",
                    public_phone="015 00 00 00" if in_catalogue else "",
                    public_email=f"info@org{i:04d}.bench.example" if in_catalogue else "",
                )
            )
        new = in_batches(Organisation, new)
        sector_links, area_links, aliases = [], [], []
        through_s, through_a = Organisation.sectors.through, Organisation.active_in.through
        for organisation in new:
            for sector in self.rng.sample(sectors, self.rng.randint(1, 3)):
                sector_links.append(through_s(organisation=organisation, sector=sector))
            for area in self.rng.sample(municipalities, self.rng.randint(1, 5)):
                area_links.append(through_a(organisation=organisation, municipality=area))
            if self.rng.random() < 0.15:
                aliases.append(
                    OrganisationAlias(organisation=organisation, name=f"{organisation.name} vzw")
                )
        through_s.objects.bulk_create(sector_links, batch_size=BATCH)
        through_a.objects.bulk_create(area_links, batch_size=BATCH)
        OrganisationAlias.objects.bulk_create(aliases, batch_size=BATCH)
        return len(new)

    # --- contingents --------------------------------------------------------------------------

    def allocations(self) -> int:
        """Series per organisation and measure: a new allocation every two to five months from a
        random start, so that the dates are many (as DWSE's are)."""
        measures = list(Measure.objects.order_by("position", "pk"))
        holders = list(
            Organisation.objects.filter(kind=Organisation.Kind.SOCIAL_ECONOMY).order_by("name")
        )
        existing = set(
            Allocation.objects.values_list("organisation_id", "measure_id", "valid_from")
        )
        self.rng.shuffle(holders)
        target = scaled("allocations", self.scale)
        last_day = self.end + datetime.timedelta(days=27)
        new = []
        pairs = [(org, measure) for org in holders for measure in self.rng.sample(measures, 2)]
        for organisation, measure in pairs:
            if len(new) >= target:
                break
            day = self.day_between(self.first, self.first + datetime.timedelta(days=700))
            fte = Decimal(self.rng.randrange(50, 6000)) / 100
            winding_down = measure.phase == Measure.Phase.PHASING_OUT
            while day <= last_day and len(new) < target:
                if (organisation.pk, measure.pk, day) in existing:
                    day += datetime.timedelta(days=1)
                    continue
                fte = max(Decimal("0.50"), fte + Decimal(self.rng.randrange(-150, 200)) / 100)
                new.append(
                    Allocation(
                        organisation=organisation,
                        measure=measure,
                        valid_from=day,
                        fte=fte if measure.counts_fte else None,
                        phasing_out=winding_down and day.year >= self.end.year - 3,
                        deployed_outside_region=self.rng.random() < 0.05,
                        source="DWSE",
                    )
                )
                day += datetime.timedelta(days=self.rng.randint(60, 150))
        in_batches(Allocation, new)
        return len(new)

    # --- labour market ------------------------------------------------------------------------

    def labour_market(self) -> int:
        """Every area × indicator × month, the months counted back from --end so that the total
        is the target (120 months at scale 1)."""
        areas = [("municipality", m) for m in Municipality.objects.order_by("nis_code")]
        areas += [("region", r) for r in Region.objects.order_by("name")]
        indicators = list(LabourMarketFigure.Indicator)
        target = scaled("labour_market_figures", self.scale)
        months = max(1, min(YEARS * 12, round(target / (len(areas) * len(indicators)))))
        first = month_add(self.end, -(months - 1))
        existing = set(
            LabourMarketFigure.objects.values_list(
                "municipality_id", "region_id", "indicator", "reference_month"
            )
        )
        made, batch = 0, []
        for kind, area in areas:
            size = self.rng.randint(2_000, 90_000)  # inhabitants
            for indicator in indicators:
                base = self._base(indicator, size)
                for step in range(months):
                    month = month_add(first, step)
                    key = (
                        area.pk if kind == "municipality" else None,
                        area.pk if kind == "region" else None,
                        indicator.value,
                        month,
                    )
                    if key in existing:
                        continue
                    withheld = base < 20 and self.rng.random() < 0.1
                    value = None if withheld else self._value(indicator, base, step)
                    batch.append(
                        LabourMarketFigure(
                            **{kind: area},
                            indicator=indicator,
                            reference_month=month,
                            value=value,
                            is_withheld=withheld,
                        )
                    )
            if len(batch) >= BATCH:
                made += len(in_batches(LabourMarketFigure, batch))
                batch = []
        made += len(in_batches(LabourMarketFigure, batch))
        return made

    def _base(self, indicator, size: int) -> float:
        if indicator == LabourMarketFigure.Indicator.JOBSEEKER_RATE:
            return self.rng.uniform(2.5, 12.0)
        if indicator == LabourMarketFigure.Indicator.POPULATION:
            return float(size)
        return size * self.rng.uniform(0.002, 0.05)

    def _value(self, indicator, base: float, step: int) -> Decimal:
        seasonal = 1 + 0.05 * ((step % 12) - 6) / 6
        value = base * seasonal * self.rng.uniform(0.95, 1.05)
        if indicator == LabourMarketFigure.Indicator.JOBSEEKER_RATE:
            return Decimal(f"{min(value, 100):.2f}")
        return Decimal(round(value))

    # --- meetings -----------------------------------------------------------------------------

    def bodies(self) -> int:
        """A stuurgroep, a beheerscomité and two working groups per other region, with about
        eight members each (people of its municipalities and organisations)."""
        regions = list(Region.objects.filter(is_home=False, bodies__isnull=True).order_by("name"))
        organisations = list(Organisation.objects.order_by("name")[:500])
        kinds = [
            (Body.Kind.STEERING_GROUP, "Stuurgroep", 4),
            (Body.Kind.MANAGEMENT_COMMITTEE, "Beheerscomité", 4),
            (Body.Kind.WORKING_GROUP, "Werkgroep opleiding", 3),
            (Body.Kind.WORKING_GROUP, "Werkgroep werkgevers", 3),
        ]
        bodies = []
        for region in regions:
            for kind, label, minimum in kinds:
                bodies.append(
                    Body(
                        name=f"{label} {region.name}",
                        kind=kind,
                        region=region,
                        min_meetings_per_year=minimum,
                        started_on=self.first,
                    )
                )
        bodies = in_batches(Body, bodies)
        people = []
        for _seat in range(8 * len(bodies)):
            people.append(
                Person(
                    name=f"Persoon {len(people):04d} {self.rng.choice(SYLLABLES_START)}",
                    organisation=self.rng.choice(organisations),
                    function="Medewerker",
                    email=f"persoon{len(people):04d}@bench.example",
                )
            )
        people = in_batches(Person, people)
        roles = [Membership.Role.CHAIR, Membership.Role.VICE_CHAIR] + [Membership.Role.MEMBER] * 5
        roles.append(Membership.Role.SECRETARIAT)
        members = [
            Membership(
                person=people[i * 8 + seat],
                body=body,
                role=role,
                start_date=self.first,
            )
            for i, body in enumerate(bodies)
            for seat, role in enumerate(roles)
        ]
        in_batches(Membership, members)
        return len(bodies) + len(people) + len(members)

    def meetings(self) -> int:
        """Meetings of every body of a region over the ten years up to --end and a few months
        beyond, spread evenly; agenda, decisions with owners and due dates, minutes of the held
        ones approved by the next meeting, a host for a quarter of them."""
        bodies = list(Body.objects.exclude(region=None).order_by("name"))
        hosts = list(Organisation.objects.order_by("name")[:400])
        members = defaultdict(list)
        for membership in Membership.objects.filter(body__in=bodies).select_related("person"):
            members[membership.body_id].append(membership.person)
        everyone = [person for people in members.values() for person in people]
        wanted = missing("meetings", self.scale, Meeting.objects.filter(event=None).count(), 10)
        span = (month_add(self.end, 4) - self.first).days
        per_body = defaultdict(list)
        for i in range(wanted):
            body = bodies[i % len(bodies)]
            per_body[body.pk].append(self.first + datetime.timedelta(days=self.rng.randrange(span)))
        meetings = []
        for body in bodies:
            for day in sorted(per_body[body.pk]):
                held = day <= self.end
                meetings.append(
                    Meeting(
                        body=body,
                        date=day,
                        start_time=datetime.time(9 + self.rng.randint(0, 5), 0),
                        end_time=datetime.time(16, 30),
                        place=self.rng.choice(["Mechelen", "Lier", "Gent", "Hasselt", "Brugge"]),
                        host=self.rng.choice(hosts) if self.rng.random() < 0.25 else None,
                        minutes=MINUTES * self.rng.randint(3, 8) if held else "",
                    )
                )
        meetings = in_batches(Meeting, meetings)
        items = []
        for meeting in meetings:
            for position in range(1, self.rng.randint(3, 6) + 1):
                items.append(
                    AgendaItem(meeting=meeting, position=position, title=f"Agendapunt {position}")
                )
        items = AgendaItem.objects.bulk_create(items, batch_size=BATCH)
        first_item = {}
        for item in items:
            first_item.setdefault(item.meeting_id, item)
        decisions, previous = [], {}
        for meeting in meetings:
            item = first_item[meeting.pk]
            earlier = previous.get(meeting.body_id)
            held = meeting.date <= self.end
            if earlier is not None and earlier.minutes and held and earlier.date < meeting.date:
                decisions.append(
                    Decision(
                        meeting=meeting,
                        agenda_item=item,
                        text="Het verslag van de vorige vergadering wordt goedgekeurd.",
                        approves_minutes_of=earlier,
                        status=Decision.Status.DONE,
                        done_on=meeting.date,
                    )
                )
            for number in range(self.rng.randint(0, 3)):
                owner = self.rng.choice(members[meeting.body_id] or everyone)
                due = meeting.date + datetime.timedelta(days=self.rng.randint(14, 120))
                done = held and due < self.end and self.rng.random() < 0.85
                decisions.append(
                    Decision(
                        meeting=meeting,
                        agenda_item=item,
                        text=f"Beslissing {number + 1}: de werkgroep werkt een voorstel uit.",
                        follow_up_owner=owner,
                        due_date=due,
                        status=Decision.Status.DONE if done else Decision.Status.OPEN,
                        done_on=due if done else None,
                    )
                )
            previous[meeting.body_id] = meeting
        in_batches(Decision, decisions)
        return len(meetings)

    # --- events -------------------------------------------------------------------------------

    def events(self) -> int:
        """Copies of the 2020 Netwerkdag through the events service, over the ten years; the
        first is the busiest, three months after --end and open for registration."""
        template = Event.objects.get(slug=EVENT_TEMPLATE)
        hosts = list(Organisation.objects.filter(in_catalogue=True).order_by("name")[:200])
        made = []
        for i in range(missing("events", self.scale, Event.objects.count(), 2)):
            if i == 0:
                date = month_add(self.end, 3) + datetime.timedelta(days=9)
            else:
                date = self.day_between(self.first, month_add(self.end, 6))
            closes = timezone.make_aware(
                datetime.datetime.combine(date - datetime.timedelta(days=7), datetime.time(23, 59))
            )
            event = event_copy(
                event=template,
                slug=f"bench-netwerkdag-{i:03d}",
                title=f"Netwerkdag sociale economie {i:03d}",
                date=date,
                registration_closes_at=closes,
            )
            made.append(event.pk)
        Event.objects.filter(pk__in=made).update(capacity=None)
        for pk in made[::2]:
            Meeting.objects.filter(pk=pk).update(host=self.rng.choice(hosts))
        return len(made)

    def registrations(self) -> int:
        """The target split over the bench events (a long tail; the first gets the most), one
        workshop per round each; a seat while the workshop has room, else its waiting list."""
        events = list(Event.objects.filter(slug__startswith="bench-").order_by("slug"))
        if not events:
            return 0
        target = scaled("registrations", self.scale)
        weights = [self.rng.paretovariate(1.6) for _event in events]
        weights[0] = max(weights) * 2
        total = sum(weights)
        counts = [int(target * weight / total) for weight in weights]
        counts[0] += target - sum(counts)
        sessions = defaultdict(list)
        for session in Session.objects.filter(event__in=events).order_by("number"):
            sessions[(session.event_id, session.round_id)].append(session)
        types = list(Registration.OrganisationType)
        made = 0
        for event, count in zip(events, counts, strict=True):
            rounds = defaultdict(list)
            for (event_id, round_id), in_round in sessions.items():
                if event_id == event.pk:
                    rounds[round_id] = in_round
            capacity = {
                s.pk: max(s.capacity, count // max(1, len(in_round)))
                for in_round in rounds.values()
                for s in in_round
            }
            for pk, seats in capacity.items():
                Session.objects.filter(pk=pk).update(capacity=seats)
            opened = timezone.make_aware(
                datetime.datetime.combine(event.date, datetime.time(9))
            ) - datetime.timedelta(days=60)
            registrations = []
            for n in range(count):
                at = opened + datetime.timedelta(minutes=n * 7 + self.rng.randrange(7))
                cancelled = self.rng.random() < 0.06
                registrations.append(
                    Registration(
                        event=event,
                        name=f"Deelnemer {n:05d}",
                        email=f"deelnemer{n:05d}.{event.slug}@bench.example",
                        organisation_name=f"Organisatie {self.rng.randrange(800):03d}",
                        organisation_type=self.rng.choice(types),
                        status=Registration.Status.CANCELLED
                        if cancelled
                        else Registration.Status.CONFIRMED,
                        registered_at=at,
                        confirmed_at=at,
                        cancelled_at=at + datetime.timedelta(days=3) if cancelled else None,
                        consented_at=at,
                        link_nonce=f"{self.rng.getrandbits(256):064x}"[:43],
                    )
                )
            registrations = in_batches(Registration, registrations)
            taken = Counter()
            choices = []
            for registration in registrations:
                if registration.status == Registration.Status.CANCELLED:
                    continue
                for round_id, in_round in rounds.items():
                    session = self.rng.choice(in_round)
                    seat = taken[session.pk] < capacity[session.pk]
                    taken[session.pk] += seat
                    at = registration.registered_at
                    choices.append(
                        SessionChoice(
                            registration=registration,
                            session=session,
                            round_id=round_id,
                            status=SessionChoice.Status.CONFIRMED
                            if seat
                            else SessionChoice.Status.WAITING,
                            confirmed_at=at if seat else None,
                            waiting_since=None if seat else at,
                        )
                    )
            in_batches(SessionChoice, choices)
            made += len(registrations)
        return made

    # --- reports ------------------------------------------------------------------------------

    def action_plans(self) -> int:
        """A plan for every year of the ten that has none: three domains, two themes each, and
        actions taken part in by the home region's municipalities."""
        home = Region.objects.home()
        municipalities = list(home.municipalities.order_by("nis_code"))
        have = set(ActionPlan.objects.values_list("year", flat=True))
        years = [y for y in range(self.first.year, self.end.year + 1) if y not in have]
        plans = in_batches(ActionPlan, [ActionPlan(year=year) for year in years])
        names = ["Netwerking stimuleren", "Lokale diensteneconomie", "Maatwerk en werkgevers"]
        domains = in_batches(
            ActionDomain,
            [
                ActionDomain(plan=plan, position=p + 1, name=name, short_name=name.lower())
                for plan in plans
                for p, name in enumerate(names)
            ],
        )
        themes = in_batches(
            Theme,
            [
                Theme(domain=domain, position=t + 1, title=f"Thema {t + 1} – {domain.name}")
                for domain in domains
                for t in range(2)
            ],
        )
        actions = []
        for theme in themes:
            for a in range(5):
                actions.append(
                    Action(
                        domain_id=theme.domain_id,
                        theme=theme,
                        position=a + 1,
                        text=f"Actie {a + 1}: {theme.title}",
                        status=self.rng.choice(list(Action.Status)),
                        lead_municipality=self.rng.choice(municipalities),
                        whole_region=self.rng.random() < 0.2,
                    )
                )
        actions = in_batches(Action, actions)
        through = Action.municipalities.through
        through.objects.bulk_create(
            [
                through(action=action, municipality=municipality)
                for action in actions
                for municipality in self.rng.sample(municipalities, self.rng.randint(1, 4))
            ],
            batch_size=BATCH,
        )
        return len(plans)


def generate(*, scale: float, seed: int, end: datetime.date, out=sys.stdout) -> dict[str, int]:
    """Add the bench data to the demo in the configured database; returns what was made."""
    if not Municipality.objects.exists():
        call_command("load_demo", force=True, stdout=out)
    return Generator(scale=scale, seed=seed, end=end, out=out).run()


def fingerprint() -> str:
    """A digest of the generated rows by their natural values (no primary keys), to compare two
    runs with the same seed."""
    digest = hashlib.sha256()
    reads = [
        Municipality.objects.values_list("name", "nis_code"),
        Region.objects.values_list("name", "lead_municipality__name"),
        Organisation.objects.values_list("name", "kind", "enterprise_number", "in_catalogue"),
        Allocation.objects.values_list("organisation__name", "measure__code", "valid_from", "fte"),
        LabourMarketFigure.objects.values_list(
            "municipality__nis_code", "region__name", "indicator", "reference_month", "value"
        ),
        Meeting.objects.filter(event=None)
        .exclude(title__startswith="DEMO")
        .values_list("body__name", "date", "host__name", "minutes"),
        Decision.objects.exclude(text__startswith="DEMO").values_list(
            "meeting__body__name", "meeting__date", "text", "due_date", "status"
        ),
        Registration.objects.values_list("event__slug", "email", "status", "registered_at"),
        SessionChoice.objects.values_list("registration__email", "session__number", "status"),
        Action.objects.values_list("domain__plan__year", "text", "status"),
    ]
    for rows in reads:
        for row in sorted(rows.order_by(), key=repr):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the figures of issue 16")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--end",
        default=timezone.localdate().strftime("%Y-%m"),
        help="the last month with figures, YYYY-MM (default: this month)",
    )
    parser.add_argument("--force", action="store_true", help="add to a database beyond the demo")
    args = parser.parse_args()
    end = datetime.datetime.strptime(args.end, "%Y-%m").date()

    problem = refusal(force=args.force)
    if problem:
        sys.exit(problem)
    name = connection.settings_dict["NAME"]
    print(f"bench data, scale {args.scale}, seed {args.seed}, until {end:%m/%Y}, into {name!r}")
    start = time.perf_counter()
    generate(scale=args.scale, seed=args.seed, end=end)
    print(f"done in {time.perf_counter() - start:.1f} s; the database now holds:")
    for model in [
        Municipality,
        Region,
        Organisation,
        Allocation,
        LabourMarketFigure,
        Meeting,
        Decision,
        Event,
        Registration,
        SessionChoice,
        ActionPlan,
        Action,
    ]:
        print(f"  {model._meta.label:<32} {model.objects.count():>9,d}")


if __name__ == "__main__":
    main()
