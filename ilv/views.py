from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whether or not a page links an icon: send them to ours.

    Not a permanent redirect: the static URL carries a hash that changes with the file.
    """
    return redirect(static("img/favicon.svg"))


def locked_out(request, response=None, credentials=None):
    """django-axes' answer to a login that is locked out (AXES_LOCKOUT_CALLABLE): a Dutch page
    saying how long to wait, status 429, the username not repeated."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
