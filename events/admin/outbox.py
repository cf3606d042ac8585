"""The mail outbox (django-post-office) as the regisseur reads it: in Dutch, newest first, with
"send again" as the action."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office.admin import EmailAdmin
from post_office.models import STATUS, Email

admin.site.unregister(Email)


@admin.register(Email)
class OutboxAdmin(EmailAdmin):
    list_display = ["to_display", "shortened_subject", "status", "sent_or_updated", "scheduled"]
    ordering = ["-last_updated"]
    list_filter = ["status"]  # the mails are written by our code, not from stored templates
    actions = ["send_again"]

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
