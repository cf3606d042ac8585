"""Load the demo data (the 2021 report of the ILV regie Rivierenland) and the demo logins."""

import datetime
import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from actors.models import Body, Person
from events.models import Event
from events.services import event_copy
from ilv import roles
from meetings.models import AgendaItem, Decision, Meeting
from meetings.services import attendance_prepare

DEMO_EVENT_FROM = "netwerkdag-sociale-economie-2020"
DEMO_EVENT_SLUG = "netwerkdag-demo"
DEMO_EVENT_TITLE = "Netwerkdag sociale economie (DEMO: om het inschrijven uit te proberen)"
DEMO_EVENT_INTRO = (
    "Dit is een oefenversie van de Netwerkdag van 29 oktober 2020, om het inschrijven uit te "
    "proberen; er vindt geen echt evenement plaats."
)
DEMO_EVENT_IN_DAYS = 28

DEMO_MEETING_MARK = "DEMO:"
# agenda item, decision, due in days from today (negative: already late)
DEMO_DECISIONS = [
    (
        "Digitale brochure",
        "DEMO – De regisseur verzamelt het aanbod van de ondernemingen voor de digitale brochure.",
        -7,
    ),
    (
        "Netwerkdag",
        "DEMO – De regisseur stelt een datum en locatie voor de volgende netwerkdag voor.",
        21,
    ),
]

DEMO_PASSWORD = "demo"  # noqa: S105 (documented demo login, refused outside DEBUG)

# username: (first name, role group given by hand, may use the admin, the person of Annex 1 whose
# login it is). The readers hold no group: their seats in the bodies give their rights.
DEMO_ACCOUNTS = {
    "regisseur": ("Regisseur (demo)", roles.REGISSEUR, True, "Guido Vangoidsenhoven"),
    "stuurgroep": ("Stuurgroeplid (demo)", None, False, "Stephanie Verhoeven"),
    "beheerscomite": ("Lid beheerscomité (demo)", None, False, "Luc Van Houtven"),
}


class Command(BaseCommand):
    help = (
        "Load every fixture in fixtures/ (in file-name order) and create the demo logins "
        "regisseur, stuurgroep and beheerscomite with password 'demo'. Safe to run again: rows are "
        "updated by primary key, never duplicated; demo data you changed is reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (creates known passwords: never on a public site).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like production: load_demo would create accounts "
                "with the password 'demo'. Use --force if you really mean it."
            )
        fixtures = sorted(str(p) for p in (settings.BASE_DIR / "fixtures").glob("*.json"))
        if not fixtures:
            raise CommandError(f"No fixtures found in {settings.BASE_DIR / 'fixtures'}.")
        with transaction.atomic():
            roles.roles_sync()
            call_command("loaddata", *fixtures, verbosity=0)
            # Fixtures load without history; give every demo row its "created" entry, so the
            # admin's history pages start from the loaded data (skipped once a model has history).
            call_command("populate_history", auto=True, stdout=io.StringIO(), stderr=io.StringIO())
            self.ensure_accounts()
            demo = self.ensure_demo_event()
            self.ensure_demo_follow_up()
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(fixtures)} fixture file(s)."))
        self.stdout.write(
            f"Try registering: /evenementen/{demo.slug}/ (open until "
            f"{timezone.localtime(demo.registration_closes_at):%d/%m/%Y})."
        )
        self.stdout.write(
            "Try the follow-up: log in as 'stuurgroep' and open the overview: the stuurgroep "
            "meetings marked DEMO carry open decisions and draft minutes."
        )
        self.stdout.write("Demo logins (password 'demo'):")
        for username, (_name, _group, is_staff, person_name) in DEMO_ACCOUNTS.items():
            where = "admin and site" if is_staff else "site, read-only"
            self.stdout.write(f"  {username:<14} {person_name:<24} {where}")

    def ensure_demo_event(self) -> Event:
        """A copy of the 2020 Netwerkdag a few weeks from today, open for registration, so that a
        newcomer can try the whole journey; clearly marked as an exercise."""
        today = timezone.localdate()
        date = today + datetime.timedelta(days=DEMO_EVENT_IN_DAYS)
        closes = timezone.make_aware(
            datetime.datetime.combine(date - datetime.timedelta(days=7), datetime.time(23, 59))
        )
        demo = Event.objects.filter(slug=DEMO_EVENT_SLUG).first()
        if demo is None:
            original = Event.objects.get(slug=DEMO_EVENT_FROM)
            demo = event_copy(
                event=original,
                slug=DEMO_EVENT_SLUG,
                title=DEMO_EVENT_TITLE,
                date=date,
                registration_closes_at=closes,
                intro=DEMO_EVENT_INTRO + " " + original.intro,
            )
        demo.date, demo.registration_closes_at = date, closes
        demo.practical_info = demo.practical_info.replace(
            " De inschrijvingen worden afgesloten op 22 oktober.", ""
        )
        demo.full_clean()
        demo.save()
        return demo

    def ensure_demo_follow_up(self) -> None:
        """A stuurgroep meeting three weeks ago and the next one in four, marked DEMO, so that
        the overview, the meeting pages and the decisions list have something to follow up. The
        seed records no decisions: nothing here pretends to be the region's. Made again from
        scratch on every run, at dates around today."""
        today = timezone.localdate()
        stuurgroep = Body.objects.get(kind=Body.Kind.STEERING_GROUP, name="Stuurgroep ILV")
        Meeting.objects.filter(body=stuurgroep, title__startswith=DEMO_MEETING_MARK).delete()
        held = Meeting.objects.create(
            body=stuurgroep,
            title=f"{DEMO_MEETING_MARK} om de opvolging uit te proberen",
            date=today - datetime.timedelta(days=21),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(11, 30),
            place="Mechelen",
            minutes=(
                "DEMO – ontwerpverslag. De stuurgroep bespreekt de digitale brochure van de "
                "sociale economie en de volgende netwerkdag."
            ),
        )
        regisseur = Person.objects.get(name=DEMO_ACCOUNTS["regisseur"][3])
        for position, (title, decision, due_in_days) in enumerate(DEMO_DECISIONS, start=1):
            item = AgendaItem.objects.create(meeting=held, position=position, title=title)
            Decision.objects.create(
                meeting=held,
                agenda_item=item,
                text=decision,
                follow_up_owner=regisseur,
                due_date=today + datetime.timedelta(days=due_in_days),
            )
        attendance_prepare(meeting=held)
        Meeting.objects.create(
            body=stuurgroep,
            title=f"{DEMO_MEETING_MARK} volgende vergadering",
            date=today + datetime.timedelta(days=28),
            place="Lier",
        )

    def ensure_accounts(self):
        User = get_user_model()
        for username, (first_name, group_name, is_staff, person_name) in DEMO_ACCOUNTS.items():
            user, _created = User.objects.get_or_create(username=username)
            user.first_name = first_name
            user.is_staff = is_staff
            user.is_superuser = False
            user.is_active = True
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set(Group.objects.filter(name=group_name) if group_name else [])
            person = Person.objects.get(name=person_name)
            person.user = user
            person.save(update_fields=["user"])
