import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Caches that live inside the process: nothing to reach, so nothing to check.
PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


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


@login_not_required
@require_safe
@never_cache
def health(request):
    """For load balancers and monitoring: 200 when this process reaches the database (and the
    shared cache, when one is configured), else 503, so that traffic goes elsewhere.

    One ``SELECT 1``, no session, no template; the answer names what failed, never why.
    """
    unreachable = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError) as error:
        logger.warning("Health check: the database does not answer: %s", error)
        unreachable.append("databank")
    if settings.CACHES["default"]["BACKEND"] not in PROCESS_CACHES:
        try:
            cache.get("gezondheid")
        except Exception as error:  # each cache backend raises errors of its own
            logger.warning("Health check: the cache does not answer: %s", error)
            unreachable.append("cache")
    if unreachable:
        return HttpResponse(
            f"onbereikbaar: {', '.join(unreachable)}\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse("in orde\n", content_type="text/plain; charset=utf-8")
