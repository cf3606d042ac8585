"""Mail never blocks or loses a registration, and says everything the person needs."""

import datetime
import io

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from events.models import Registration
from events.services import capacity_changed, registration_cancel
from tests.events.conftest import register, session
from tests.events.mailserver import FlakyEmailBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_mail(settings, tmp_path):
    """Production's mail: queued, delivered by `send_queued_mail` through a flaky server."""
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "tests.events.mailserver.FlakyEmailBackend"},
        "DEFAULT_PRIORITY": "medium",
        "RETRY_INTERVAL": datetime.timedelta(minutes=10),
    }
    settings.MAIL_QUEUE = True
    FlakyEmailBackend.down = False
    yield
    FlakyEmailBackend.down = False


def run_queue(tmp_path):
    call_command("send_queued_mail", lockfile=str(tmp_path / "mail"), stdout=io.StringIO())


# The queue command closes its database connection after each batch, as a separate process
# does: the test commits for real (inside a test transaction the connection would be gone).
@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_the_registration_succeeds_and_the_mail_follows(
    netwerkdag, queued_mail, tmp_path, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    FlakyEmailBackend.down = True
    registration = register(netwerkdag, 1, 5, email="els@bornem.be")
    assert Registration.objects.filter(pk=registration.pk).exists()
    [queued] = Email.objects.all()
    assert queued.status == STATUS.queued and not mail.outbox

    run_queue(tmp_path)  # the server is down: the mail waits for the next run
    queued.refresh_from_db()
    assert queued.status == STATUS.requeued and not mail.outbox

    FlakyEmailBackend.down = False
    run_queue(tmp_path)  # not yet: a retry waits its interval
    assert not mail.outbox
    time_machine.shift(datetime.timedelta(minutes=11))
    run_queue(tmp_path)
    queued.refresh_from_db()
    assert queued.status == STATUS.sent
    [message] = mail.outbox
    assert message.to == ["els@bornem.be"] and registration.get_absolute_url() in message.body


def test_the_regisseur_sees_each_mail_and_can_send_it_again(
    regisseur_client, stuurgroep, netwerkdag, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(netwerkdag, 1, 5, email="els@bornem.be")
    outbox = reverse("admin:post_office_email_changelist")
    html = regisseur_client.get(outbox).content.decode()
    assert "els@bornem.be" in html and "Je inschrijving voor Netwerkdag sociale economie" in html
    assert "Uitgaande e-mails" in html and "Onderwerp" in html  # in Dutch
    email = Email.objects.get()
    response = regisseur_client.post(
        outbox, {"action": "send_again", "_selected_action": [email.pk]}, follow=True
    )
    assert "1 e-mail staat opnieuw in de wachtrij." in response.content.decode()
    email.refresh_from_db()
    assert email.status == STATUS.queued
    regisseur_client.force_login(stuurgroep)
    assert regisseur_client.get(outbox).status_code == 302  # readers never see the outbox


def test_the_confirmation_repeats_everything_entered_and_carries_the_event(
    netwerkdag, django_capture_on_commit_callbacks
):
    book = netwerkdag.extras.get()
    with django_capture_on_commit_callbacks(execute=True):
        register(
            netwerkdag,
            1,
            8,
            name="Els Peeters",
            email="els@bornem.be",
            extras=[book],
            shipping_address="Kerkstraat 1\n2880 Bornem",
            site_url="https://regie.example.be/",
        )
    [message] = mail.outbox
    body = message.body
    for entered in [
        "Naam: Els Peeters",
        "E-mailadres: els@bornem.be",
        "Organisatie: Gemeente Bornem (lokaal bestuur)",
        "Reeks 1 (13:30–15:00): Sociale clausules bij overheidsopdrachten",
        "Waar: Provinciehuis Leuven, Provinciehuis Vlaams-Brabant, Provincieplein 1, 3010 Leuven",
        "je hebt een plaats",
        book.name,
        "Kerkstraat 1\n2880 Bornem",
        "https://regie.example.be/evenementen/netwerkdag-sociale-economie-2020/inschrijving/",
    ]:
        assert entered in body, entered
    [(name, content, mimetype)] = message.attachments
    assert name == "netwerkdag-sociale-economie-2020.ics" and mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in text and "SUMMARY:Netwerkdag sociale economie" in text


def test_cancelling_says_what_happens_to_the_book_order(
    netwerkdag, django_capture_on_commit_callbacks
):
    registration = register(
        netwerkdag, 1, 5, extras=[netwerkdag.extras.get()], shipping_address="Kerkstraat 1"
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)
    assert "Je bestelling wordt niet verstuurd en je betaalt er niets voor" in mail.outbox[-1].body


def test_mails_go_out_only_when_the_change_commits(netwerkdag, django_capture_on_commit_callbacks):
    people = [register(netwerkdag, 4, 5) for _ in range(11)]
    workshop = session(4)
    workshop.capacity = 9
    workshop.save()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        capacity_changed(event=netwerkdag, sessions=[workshop])
        raise RuntimeError("the surrounding write fails")
    assert callbacks == [] and not mail.outbox and not Email.objects.exists()
    assert all(
        p.choices.get(session=workshop).status == "confirmed" for p in people
    )  # rolled back too
    with django_capture_on_commit_callbacks(execute=True):
        capacity_changed(event=netwerkdag, sessions=[workshop])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[-1].email, people[-2].email])


def test_a_queued_mail_is_saved_with_the_registration_itself(netwerkdag, queued_mail):
    """In production the mail is in the outbox as soon as the registration is: no crash between
    the commit and an after-commit step can lose it (no on-commit callback runs in this test)."""
    registration = register(netwerkdag, 1, 5, email="els@bornem.be")
    [queued] = Email.objects.all()
    assert queued.to == ["els@bornem.be"] and queued.status == STATUS.queued
    assert queued.registration_link.registration == registration


def test_a_queued_mail_rolls_back_with_its_change(netwerkdag, queued_mail):
    people = [register(netwerkdag, 4, 5) for _ in range(11)]
    Email.objects.all().delete()
    workshop = session(4)
    workshop.capacity = 9
    workshop.save()
    with pytest.raises(RuntimeError), transaction.atomic():
        capacity_changed(event=netwerkdag, sessions=[workshop])
        assert Email.objects.count() == 2  # written, for the two who move to the waiting list
        raise RuntimeError("the surrounding write fails")
    assert not Email.objects.exists()
    capacity_changed(event=netwerkdag, sessions=[workshop])
    assert sorted(e.to[0] for e in Email.objects.all()) == sorted(
        [people[-1].email, people[-2].email]
    )


def test_a_mail_that_cannot_be_written_never_undoes_the_registration(
    netwerkdag, queued_mail, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("a template error")

    monkeypatch.setattr("events.emails.mail.send", broken)
    registration = register(netwerkdag, 1, 5)
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert registration.choices.count() == 2


def test_the_reminder_job_run_twice_sends_one_mail_each(
    netwerkdag, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://regie.example.be"
    netwerkdag.date = timezone.localdate() + datetime.timedelta(days=3)
    netwerkdag.reminder_days = 3
    netwerkdag.save()
    for _ in range(11):
        register(netwerkdag, 4, 5)
    waiting = register(netwerkdag, 4, 5, join_waiting_list=True)
    cancelled = register(netwerkdag, 1, 5)
    registration_cancel(registration=cancelled)
    mail.outbox.clear()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=io.StringIO())
    reminders = [m for m in mail.outbox if m.subject.startswith("Herinnering:")]
    assert len(reminders) == 12
    assert len({m.to[0] for m in reminders}) == 12
    [for_waiting] = [m for m in reminders if m.to == [waiting.email]]
    assert (
        "Lokale diensteneconomie (LDE) op maat van jouw gemeente, Zaal 6+7 – je staat op de "
        in (for_waiting.body)
    )
    assert f"https://regie.example.be{waiting.get_absolute_url()}" in for_waiting.body


def test_the_reminder_job_refuses_to_run_without_the_site_address(netwerkdag, settings):
    """A job has no request to learn the address from: links to localhost would be useless."""
    settings.SITE_URL, settings.DEBUG = "", False
    netwerkdag.date = timezone.localdate() + datetime.timedelta(days=3)
    netwerkdag.save()
    register(netwerkdag, 1, 5)
    mail.outbox.clear()
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("send_reminders", stdout=io.StringIO())
    assert mail.outbox == []
    assert not Registration.objects.filter(reminder_sent_at__isnull=False).exists()
    assert "events.W001" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.SITE_URL = "https://regie.example.be"
    assert "events.W001" not in {m.id for m in run_checks(include_deployment_checks=True)}


def test_no_reminder_before_the_reminder_day(
    netwerkdag, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://regie.example.be"
    netwerkdag.date = timezone.localdate() + datetime.timedelta(days=10)
    netwerkdag.save()
    register(netwerkdag, 1, 5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=io.StringIO())
    assert mail.outbox == []
