"""The public pages: list, event page, registration form, personal page."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from tests.events.conftest import register, session

pytestmark = pytest.mark.django_db

SLUG = "netwerkdag-sociale-economie-2020"
PAGE = reverse("events:event", args=[SLUG])
FORM = reverse("events:register", args=[SLUG])


def form_data(**overrides):
    return {
        "name": "Els Peeters",
        "email": "els.peeters@bornem.be",
        "organisation_name": "Gemeente Bornem",
        "organisation_type": "local_authority",
        "reeks_1": session(1).pk,
        "reeks_2": session(8).pk,
        "consent": "on",
        "website": "",
        **overrides,
    }


def test_events_list_shows_coming_events_first_then_past_ones(client, demo_data):
    with time_machine.travel(datetime.datetime(2022, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        html = client.get(reverse("events:list")).content.decode()
    titles = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)
    assert titles == [
        "Bedank-event werkgevers stad Mechelen",
        "Info- en netwerkevent solidaire financierders",
        "Ontbijtsessie werkgevers stad Lier",
        "Netwerkdag sociale economie",
    ]
    assert html.index("Binnenkort") < html.index("Voorbij")
    assert "Tb. september 2022" in html
    assert "geen inschrijving via deze site" in html


def test_event_page_is_the_page_of_the_seed(client, netwerkdag):
    html = client.get(PAGE).content.decode()
    assert "Een dag vol instrumenten, praktische voorbeelden en ervaringsuitwisseling" in html
    assert "Donderdag 29 oktober 2020, van 12:15 tot 16:45 uur" in html
    assert "Provinciehuis Leuven" in html and "Provincieplein 1" in html
    assert "Programma in het kort" in html and "Ik wil me inschrijven" in html
    for audience in ["Lokale besturen", "Sociale economiebedrijven", "Stakeholders"]:
        assert f"<li>{audience}</li>" in html
    assert html.count('class="card workshop"') == 9
    assert "1. Sociale clausules bij overheidsopdrachten" in html
    assert "Els De Coninck (Provincie Vlaams-Brabant)" in html
    assert "Mieke Vermeulen (penhouder partnerschap activeringstrajecten Vlaams-Brabant)" in html
    assert "Max. 40 deelnemers" in html and "Max. 58 deelnemers" in html
    assert "Max. 15 deelnemers" in html and "Max. 11 deelnemers" in html
    assert "13:30 tot 15:00 uur" in html and "15:15 tot 16:45 uur" in html
    assert "nog 40 plaatsen vrij" in html
    assert "LIFO-principe" in html
    assert "Met medewerking van VVSG, VDAB, IGO, BO" in html
    assert "sociale.economie [at] vlaamsbrabant.be" in html


def test_a_full_workshop_shows_volzet(client, netwerkdag):
    for _ in range(11):
        register(netwerkdag, 4, 5)
    html = client.get(PAGE).content.decode()
    workshop = html[html.index('id="workshop-4"') :][:3000]
    assert "volzet" in workshop
    form = client.get(FORM).content.decode()
    assert (
        "4. Lokale diensteneconomie (LDE) op maat van jouw gemeente "
        "(Zaal 6+7; volzet, wachtlijst mogelijk)" in form
    )


def test_register_through_the_form(client, netwerkdag, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, form_data(), follow=True)
    registration = Registration.objects.get()
    assert response.redirect_chain[-1][0] == reverse("events:sent", args=[SLUG])
    assert "Kijk in je mailbox" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["els.peeters@bornem.be"]
    assert registration.get_absolute_url() in message.body
    personal = client.get(registration.get_absolute_url()).content.decode()
    assert "Sociale clausules bij overheidsopdrachten" in personal


def test_a_form_error_keeps_what_was_typed(client, netwerkdag):
    response = client.post(FORM, form_data(consent="", email="geen-adres"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je inschrijving is nog niet bewaard" in html
    assert "Zonder je akkoord kunnen we je inschrijving niet bewaren." in html
    assert "Voer een geldig e-mailadres in." in html
    assert 'value="Els Peeters"' in html and 'value="geen-adres"' in html
    assert f'value="{session(8).pk}" id="id_reeks_2_' in html and "checked" in html
    assert not Registration.objects.exists()


def test_ordering_the_book_needs_a_shipping_address(client, netwerkdag):
    book = netwerkdag.extras.get()
    html = client.post(FORM, form_data(extras=[book.pk])).content.decode()
    assert "Geef een verzendadres op" in html
    client.post(FORM, form_data(extras=[book.pk], shipping_address="Kerkstraat 1\n2880 Bornem"))
    registration = Registration.objects.get()
    assert list(registration.extras.all()) == [book]
    assert registration.shipping_address == "Kerkstraat 1\n2880 Bornem"


def test_a_full_workshop_asks_for_the_waiting_list(client, netwerkdag):
    for _ in range(11):
        register(netwerkdag, 4, 5)
    html = client.post(FORM, form_data(reeks_1=session(4).pk)).content.decode()
    assert "Deze workshop is intussen volzet" in html
    response = client.post(
        FORM, form_data(reeks_1=session(4).pk, join_waiting_list="on"), follow=True
    )
    assert "Kijk in je mailbox" in response.content.decode()
    registration = Registration.objects.get(email="els.peeters@bornem.be")
    assert registration.choices.get(session=session(4)).status == "waiting"


def test_the_honeypot_stops_bots(client, netwerkdag):
    html = client.post(FORM, form_data(website="http://spam.example")).content.decode()
    assert "Je inschrijving kon niet verwerkt worden." in html
    assert not Registration.objects.exists()


def test_a_second_registration_gets_the_same_answer_and_the_link_again_by_mail(
    client, netwerkdag, django_capture_on_commit_callbacks
):
    first = client.post(FORM, form_data(), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(FORM, form_data(email="ELS.PEETERS@bornem.be"), follow=True)
    # A stranger learns nothing: the page is the same as for a new registration.
    assert second.redirect_chain == first.redirect_chain
    assert second.content == first.content
    assert Registration.objects.count() == 1
    assert "Je persoonlijke link voor Netwerkdag sociale economie" in mail.outbox[-1].subject
    assert "Je bent al ingeschreven" in mail.outbox[-1].body
    # At most one such mail an hour for an address.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, form_data())
    assert len(mail.outbox) == sent


def test_the_form_closes_at_the_deadline(client, netwerkdag):
    netwerkdag.registration_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    netwerkdag.save()
    for response in (client.get(FORM), client.post(FORM, form_data())):
        assert "De inschrijvingen zijn afgesloten" in response.content.decode()
    assert not Registration.objects.exists()
    assert "De inschrijvingen zijn afgesloten sinds" in client.get(PAGE).content.decode()


def test_correcting_form_errors_is_never_slowed_down(client, netwerkdag):
    for _ in range(40):
        assert client.post(FORM, form_data(consent="")).status_code == 200
    assert client.post(FORM, form_data()).status_code == 302
    assert Registration.objects.count() == 1


def test_an_office_registers_its_colleagues_but_a_flood_is_slowed_down(client, netwerkdag):
    for i in range(30):
        data = form_data(email=f"collega{i}@bornem.be", join_waiting_list="on")
        response = client.post(FORM, data)
        assert response.status_code == 302, i
    response = client.post(FORM, form_data(email="nog-een@bornem.be", join_waiting_list="on"))
    assert response.status_code == 429
    assert "te veel aanvragen" in response.content.decode()
    assert Registration.objects.count() == 30


def test_the_form_needs_its_csrf_token(netwerkdag):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(FORM, form_data()).status_code == 403
    assert "csrfmiddlewaretoken" in strict.get(FORM).content.decode()


def test_personal_page_changes_and_cancels(client, netwerkdag, django_capture_on_commit_callbacks):
    registration = register(netwerkdag, 1, 5)
    url = registration.get_absolute_url()
    assert "Je hebt een plaats op het evenement." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"reeks_1": session(2).pk, "reeks_2": session(5).pk}, follow=True
        )
    assert "Je wijzigingen zijn bewaard" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "Wat is arbeidszorg?" in response.content.decode()
    assert (
        mail.outbox[-1].subject == "Je inschrijving voor Netwerkdag sociale economie is gewijzigd"
    )

    cancel_url = reverse(
        "events:registration_cancel", args=[SLUG, url.rstrip("/").rsplit("/", 1)[-1]]
    )
    assert "Vink aan dat je wilt annuleren." in client.post(cancel_url, {}).content.decode()
    response = client.post(cancel_url, {"confirm": "on"}, follow=True)
    assert "Je inschrijving is geannuleerd." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert "Deze inschrijving werd geannuleerd." in client.get(url).content.decode()


def test_forged_altered_or_revoked_links_are_404(client, netwerkdag):
    registration = register(netwerkdag, 1, 5)
    url = registration.get_absolute_url()
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert client.get(url.replace(token, token[:-2] + "xx")).status_code == 404
    assert client.get(reverse("events:registration", args=[SLUG, "abc"])).status_code == 404
    registration.link_nonce = "revoked"
    registration.save()
    assert client.get(url).status_code == 404


def test_unpublished_events_are_not_public(regisseur_client, netwerkdag):
    Event.objects.filter(pk=netwerkdag.pk).update(is_published=False)
    assert Client().get(PAGE).status_code == 404
    assert regisseur_client.get(PAGE).status_code == 200  # the regisseur may preview


def test_event_page_query_count_does_not_grow_with_registrations(
    client, netwerkdag, django_assert_num_queries
):
    # home region, event, sessions with seats, their speakers, event places left
    with django_assert_num_queries(5):
        client.get(PAGE)
    for i in range(60):
        register(netwerkdag, 1 + i % 4, 5 + i % 5, join_waiting_list=True)
    with django_assert_num_queries(5):
        client.get(PAGE)


def test_form_and_personal_page_query_counts_do_not_grow(
    client, netwerkdag, django_assert_max_num_queries
):
    registration = register(netwerkdag, 1, 5)
    workshop = session(4)
    workshop.capacity = 1
    workshop.save()
    register(netwerkdag, 4, 5)
    waiting = register(netwerkdag, 4, 5, join_waiting_list=True)
    url = waiting.get_absolute_url()
    others = {
        "give back": url + "reeks-1/teruggeven/",
        "erase": url + "gegevens-wissen/",
        "cancel": url + "annuleren/",
    }
    with django_assert_max_num_queries(12) as form_queries:
        client.get(FORM)
    with django_assert_max_num_queries(16) as page_queries:
        client.get(registration.get_absolute_url())
    with django_assert_max_num_queries(18) as waiting_queries:
        assert "wachtlijst: je bent de eerste" in client.get(url).content.decode()
    counts = {}
    for name, other in others.items():
        with django_assert_max_num_queries(8) as captured:
            assert client.get(other).status_code == 200, name
        counts[name] = len(captured.captured_queries)
    for i in range(60):
        register(netwerkdag, 1 + i % 4, 5 + i % 5, join_waiting_list=True)
    with django_assert_max_num_queries(len(form_queries.captured_queries)):
        client.get(FORM)
    with django_assert_max_num_queries(len(page_queries.captured_queries)):
        client.get(registration.get_absolute_url())
    with django_assert_max_num_queries(len(waiting_queries.captured_queries)):
        client.get(url)
    for name, other in others.items():
        with django_assert_max_num_queries(counts[name]):
            client.get(other)


def test_a_full_workshop_answers_a_known_and_a_new_address_alike(client, netwerkdag):
    """Otherwise "volzet" for a stranger and "check your mailbox" for a registered address
    would tell who is registered."""
    known = register(netwerkdag, 1, 5, email="bekend@bornem.be")
    workshop = session(8)
    workshop.capacity = 0
    workshop.save()
    answers = []
    for email in ("BEKEND@bornem.be", "vreemd@bornem.be"):
        response = client.post(FORM, form_data(email=email))
        answers.append((response.status_code, "intussen volzet" in response.content.decode()))
    assert answers == [(200, True), (200, True)]
    known.refresh_from_db()
    assert known.link_resent_at is None  # and nothing was sent to the owner either
    assert Registration.objects.count() == 1


def test_a_form_closed_by_the_regisseur_names_no_closing_date(client, netwerkdag):
    registration = register(netwerkdag, 1, 5)
    netwerkdag.registration_enabled = False
    netwerkdag.save()
    html = client.get(registration.get_absolute_url()).content.decode()
    assert "De inschrijvingen zijn afgesloten: je keuzes wijzigen kan niet meer." in html
    assert "afgesloten sinds" not in html


def test_the_form_names_the_day_the_data_are_erased(client, netwerkdag):
    netwerkdag.erase_after_months = 6
    netwerkdag.save()
    html = client.get(FORM).content.decode()
    from django.utils.formats import date_format

    assert netwerkdag.erase_on == datetime.date(2021, 4, 29)  # six months after 29/10/2020
    assert f"wissen we op {date_format(netwerkdag.erase_on, 'j F Y')}" in html
    assert "wissen we op 29 april 2021" in html
