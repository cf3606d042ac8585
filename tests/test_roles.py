"""Every URL of the site, walked as each role and as an anonymous visitor.

A login belongs to a person of Annex 1; what it reads follows that person's seats. The table
SITE says, for every page outside the admin, what each of them gets: 200, a redirect to the login
page (302), 403 or 404. A new page fails this test until someone decides who may open it.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from actors.models import Person
from events.links import registration_token
from ilv import roles
from meetings.models import Attachment, Meeting
from tests.conftest import register_jan_smets
from tests.test_access import PUBLIC, all_named_urls

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ROLES = ("anonymous", "no role", "stuurgroep", "beheerscomite", "regisseur")

OK, LOGIN, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
REDIRECT = 302  # elsewhere than the login page
READERS = (LOGIN, FORBIDDEN, OK, OK, OK)
BEHEERSCOMITE_ONLY = (LOGIN, FORBIDDEN, FORBIDDEN, OK, OK)
PUBLIC_PAGE = (OK, OK, OK, OK, OK)
STUURGROEP_MEETING = (LOGIN, FORBIDDEN, OK, NOT_FOUND, OK)

# url name: what (anonymous, no role, stuurgroep, beheerscomite, regisseur) get
SITE = {
    "home": READERS,
    "favicon": (REDIRECT,) * 5,  # to the static file, for everyone
    "health": PUBLIC_PAGE,  # for load balancers: the database answers, nothing more
    "login": (OK, LOGIN, LOGIN, LOGIN, LOGIN),  # a logged-in user goes on to the overview
    "logout": (LOGIN, 405, 405, 405, 405),  # only POST logs out
    "municipalities:list": READERS,
    "municipalities:csv": READERS,
    "municipalities:detail": READERS,
    "contingents:dashboard": READERS,
    "contingents:comparison_csv": READERS,
    "contingents:organisation": READERS,
    "contingents:table_csv": READERS,
    "meetings:calendar": READERS,
    "meetings:calendar_csv": READERS,
    "meetings:decisions": READERS,
    "meetings:decisions_csv": READERS,
    "meetings:feed": PUBLIC_PAGE,
    "meetings:body_feed": PUBLIC_PAGE,
    # A stuurgroep meeting: its members and the regisseur read it; to others it does not exist.
    "meetings:attachment": STUURGROEP_MEETING,
    "meetings:meeting": STUURGROEP_MEETING,
    "events:list": PUBLIC_PAGE,
    "events:privacy": PUBLIC_PAGE,
    "events:event": PUBLIC_PAGE,
    "events:register": PUBLIC_PAGE,
    "events:sent": PUBLIC_PAGE,
    "events:registration": PUBLIC_PAGE,
    "events:registration_cancel": PUBLIC_PAGE,
    "events:give_back": PUBLIC_PAGE,
    "events:switch": (405, 405, 405, 405, 405),  # a form's POST only
    "events:erase": PUBLIC_PAGE,
    "catalogue:list": PUBLIC_PAGE,
    "catalogue:csv": PUBLIC_PAGE,
    "catalogue:brochure": PUBLIC_PAGE,
    "catalogue:organisation": PUBLIC_PAGE,
    "reports:list": BEHEERSCOMITE_ONLY,
    "reports:report": BEHEERSCOMITE_ONLY,
    "reports:pdf": BEHEERSCOMITE_ONLY,
    "reports:draft_pdf": BEHEERSCOMITE_ONLY,
    "reports:approval_pdf": (LOGIN, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND),  # none approved
}


@pytest.fixture
def logins(demo_data, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def seated(username, person_name):
        user = django_user_model.objects.create_user(username=username)
        Person.objects.filter(name=person_name).update(user=user)
        return user

    regisseur = django_user_model.objects.create_user(username="regie", is_staff=True)
    regisseur.groups.add(Group.objects.get(name=roles.REGISSEUR))
    return {
        "anonymous": None,
        "no role": django_user_model.objects.create_user(username="zonderrol"),
        "stuurgroep": seated("stephanie", "Stephanie Verhoeven"),
        "beheerscomite": seated("luc", "Luc Van Houtven"),
        "regisseur": regisseur,
    }


@pytest.fixture
def samples(logins):
    """Real values for the path arguments, from the demo data."""
    registration = register_jan_smets(closes_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
    event = registration.event
    meeting = Meeting.objects.filter(body__name="Stuurgroep ILV").first()
    attachment = Attachment.objects.create(
        meeting=meeting, title="Verslag", file=ContentFile(PDF, name="verslag.pdf")
    )
    return {
        "attachment": attachment.pk,
        "slug": event.slug,
        "token": registration_token(registration),
        "number": 1,
        "nis_code": "12025",
        "code": "lde",
        "year": 2021,
        "pk": meeting.pk,
        "body_id": meeting.body_id,
        "app_label": "actors",
        "content_id": "0" * 32,
    }


def site_url(name, url, samples):
    """``url`` with real arguments instead of the "1"s of all_named_urls."""
    from django.urls import resolve

    match = resolve(url)
    kwargs = {key: samples.get(key, value) for key, value in match.kwargs.items()}
    if name == "meetings:attachment":
        kwargs["pk"] = samples["attachment"]
    if name == "catalogue:organisation":
        kwargs["pk"] = apps.get_model("actors", "Organisation").objects.get(name="Ecoso").pk
    if name == "contingents:organisation":
        kwargs["pk"] = apps.get_model("actors", "Organisation").objects.get(name="Ecoso").pk
    return reverse(name, kwargs=kwargs)


def answer(client, user, url) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def test_every_page_outside_the_admin_answers_each_role_as_decided(client, logins, samples):
    urls = {name: url for name, url in all_named_urls() if not name.startswith("admin:")}
    assert sorted(urls) == sorted(SITE), "decide who may open each new page in SITE"
    wrong = []
    for name, url in urls.items():
        url = site_url(name, url, samples)
        got = tuple(answer(client, logins[role], url) for role in ROLES)
        if got != SITE[name]:
            wrong.append(f"{name} {url}: {dict(zip(ROLES, got, strict=True))}")
    assert wrong == [], "\n".join(wrong)


def test_public_pages_in_the_table_are_the_public_ones():
    public = {name for name, expected in SITE.items() if expected[0] == OK}
    assert public <= PUBLIC


# What the admin refuses even the regisseur: the logins (a superuser's job), writing mails or
# approvals by hand, and deleting registrants' data outside the erasure.
REFUSED_TO_THE_REGISSEUR = {
    "admin:post_office_email_add",
    "admin:post_office_email_delete",
    "admin:events_sessionchoice_add",
    "admin:events_sessionchoice_delete",
    "admin:events_registration_delete",
    "admin:reports_reportapproval_add",
    "admin:reports_reportapproval_delete",
    "admin:meetings_decision_add",  # decisions are taken on their meeting's screen
    # Login lock-outs are seen and lifted (deleted), never written by hand.
    "admin:axes_accessattempt_add",
    "admin:axes_accesslog_add",
    "admin:axes_accesslog_delete",
    "admin:axes_accessfailurelog_add",
    "admin:axes_accessfailurelog_delete",
}


def regisseur_expects(name: str) -> set[int]:
    if name.startswith("admin:auth_") and not name.endswith(("_changelist", "_add")):
        # A login or group page with pk 1: refused, or, where it does not exist, sent away.
        return {FORBIDDEN, LOGIN}
    if name.startswith("admin:auth_") or name in REFUSED_TO_THE_REGISSEUR:
        return {FORBIDDEN}
    if name.endswith(("_changelist", "_add")) or name == "admin:index":
        return {OK}
    if name.endswith("process_import"):
        return {405}  # the second step of an import is a POST
    if name == "admin:autocomplete":
        return {FORBIDDEN}  # without the field it completes
    # Pages of one object, walked with pk 1: it may exist or not.
    return {OK, LOGIN, NOT_FOUND}


def test_the_admin_is_the_regisseurs_alone(client, logins):
    admin_urls = {
        name: url
        for name, url in all_named_urls()
        if name.startswith("admin:") and name not in PUBLIC and name != "admin:logout"
    }
    assert len(admin_urls) > 200
    refused, failed = [], []
    for name, url in admin_urls.items():
        for role in ("anonymous", "no role", "stuurgroep", "beheerscomite"):
            status = answer(client, logins[role], url)
            if status != LOGIN:
                refused.append(f"{role} {name}: {status}")
        status = answer(client, logins["regisseur"], url)
        if status not in regisseur_expects(name):
            failed.append(f"{name} {url}: {status}")
    assert refused == [], "\n".join(refused)
    assert failed == [], "\n".join(failed)
