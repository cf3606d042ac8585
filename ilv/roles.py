"""The three roles of the platform as Django groups, and the permissions each one holds.

The regisseur edits everything in the admin and imports files; stuurgroep and beheerscomité
members read: both read the dashboards, the beheerscomité also the annual reports it approves.
The groups are created by a data migration (ilv/migrations) and their permissions are
(re)synchronised after every migrate, so a new model's permissions reach the regisseur without a
manual step. A reader holds a role because a person with a login sits in the body
(actors/access.py); a group can also be given to a login by hand, e.g. to an observer.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

REGISSEUR = "regisseur"
STUURGROEP = "stuurgroep"
BEHEERSCOMITE = "beheerscomite"

# The apps whose data the regisseur maintains.
DATA_APPS = ("actors", "contingents", "meetings", "events", "reports")

OUTBOX_APPS = ("post_office",)

# Login lock-outs (django-axes): the regisseur sees the attempts and the logs, and unlocks a login
# by deleting its attempts; nobody adds or edits them by hand.
LOCKOUT_PERMISSIONS = (
    "view_accessattempt",
    "delete_accessattempt",
    "view_accessfailurelog",
    "view_accesslog",
)

# Registrants' personal data: only the regisseur, who organises the events, sees it.
PERSONAL_DATA_MODELS = (
    "registration",
    "historicalregistration",
    "sessionchoice",
    "historicalsessionchoice",
)


# The annual report is the beheerscomité's document: it receives and approves it.
BOARD_DOCUMENT_MODELS = (
    "annualreport",
    "historicalannualreport",
    "listtable",
    "historicallisttable",
    "reportsection",
    "historicalreportsection",
    "reportapproval",
)

ROLES = (REGISSEUR, STUURGROEP, BEHEERSCOMITE)


def roles_sync(*, using: str = "default") -> None:
    """Create the role groups and set their permissions; running it again changes nothing."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    data = Permission.objects.using(using).filter(content_type__app_label__in=DATA_APPS)
    readable = data.filter(codename__startswith="view_").exclude(
        content_type__model__in=PERSONAL_DATA_MODELS
    )
    # The mail outbox holds registrants' mails: the regisseur's, never the readers'.
    outbox = Permission.objects.using(using).filter(content_type__app_label__in=OUTBOX_APPS)
    dashboards = readable.exclude(
        content_type__app_label="reports", content_type__model__in=BOARD_DOCUMENT_MODELS
    )
    lockouts = Permission.objects.using(using).filter(
        content_type__app_label="axes", codename__in=LOCKOUT_PERMISSIONS
    )
    wanted = {
        REGISSEUR: data | outbox | lockouts,
        STUURGROEP: dashboards,
        BEHEERSCOMITE: readable,
    }
    for name, permissions in wanted.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, using="default", **kwargs) -> None:
    roles_sync(using=using)
