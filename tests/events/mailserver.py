"""A mail server the tests can take down and bring back up."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend


class FlakyEmailBackend(EmailBackend):
    down = False

    def send_messages(self, messages):
        if FlakyEmailBackend.down:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
