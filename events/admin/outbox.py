"""The mail outbox (django-post-office) as the regisseur reads it: in Dutch, newest first, with
"send again" as the action. A mail is read, never edited: saving one would copy its address into
the admin log, beyond the reach of erasure; and post_office's own "Resend" is a GET link that
sends during the request, where "send again" queues through a form."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.admin import EmailAdmin
from post_office.models import STATUS, Email, EmailTemplate

admin.site.unregister(Email)
# Stored mail templates are not used here (our mails are Django templates in the code), and
# post_office's editor loads CodeMirror from a CDN with an inline script, which our CSP blocks.
admin.site.unregister(EmailTemplate)


@admin.register(Email)
class OutboxAdmin(EmailAdmin):
    list_display = ["to_display", "shortened_subject", "status", "sent_or_updated", "scheduled"]
    ordering = ["-last_updated"]
    list_filter = ["status"]  # the mails are written by our code, not from stored templates
    actions = ["send_again"]
    change_form_template = "admin/change_form.html"  # without the GET "Resend" button

    def get_urls(self):
        return [url for url in super().get_urls() if getattr(url, "name", None) != "resend"]

    def has_change_permission(self, request, obj=None):
        # The list's "send again" needs it; a single mail is only shown.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # a mail goes when its registration is erased, and only then

    @admin.display(description=_("laatst gewijzigd"), ordering="last_updated")
    def sent_or_updated(self, obj):
        return obj.last_updated

    @admin.display(description=_("gepland om"), ordering="scheduled_time")
    def scheduled(self, obj):
        return obj.scheduled_time or "–"

    @admin.action(description=_("Geselecteerde e-mails opnieuw versturen"), permissions=["change"])
    def send_again(self, request, queryset):
        """Back into the queue: the next run of send_queued_mail delivers them."""
        count = queryset.update(status=STATUS.queued)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail staat opnieuw in de wachtrij.",
                "%(count)d e-mails staan opnieuw in de wachtrij.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
