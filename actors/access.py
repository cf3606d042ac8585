"""Reading rights that follow a person's seats: a login linked to a person who sits in the
stuurgroep holds the stuurgroep's role, one who sits in the beheerscomité the beheerscomité's,
for as long as the membership runs. Nobody has to keep a login's groups in step with Annex 1.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from actors.models import Body, Membership
from ilv import roles

# The role a seat in a body of this kind gives.
ROLE_OF_BODY_KIND = {
    Body.Kind.STEERING_GROUP: roles.STUURGROEP,
    Body.Kind.MANAGEMENT_COMMITTEE: roles.BEHEERSCOMITE,
}


def current_seats(user):
    """The memberships of the user's person that run today."""
    return Membership.objects.active_on(timezone.localdate()).filter(person__user=user)


def bodies_of(user):
    """The bodies the user's person sits in today (none for a login without a person)."""
    if not user.is_authenticated:
        return Body.objects.none()
    return Body.objects.filter(Exists(current_seats(user).filter(body=OuterRef("pk"))))


class MembershipBackend(ModelBackend):
    """Django's ModelBackend, whose group permissions also count the role groups that the
    user's current seats give. Still one query for all group permissions, remembered on the user
    object for the request."""

    def _get_group_permissions(self, user_obj):
        seats = current_seats(user_obj)
        granted = Q(group__user=user_obj)
        for kind, role in ROLE_OF_BODY_KIND.items():
            granted |= Q(group__name=role) & Exists(seats.filter(body__kind=kind))
        return Permission.objects.filter(granted)
