"""The site's URLs plus a bench-only minimal view, for bench/pages.py (never the app's URLconf).

The minimal view is the floor of a request through the whole middleware stack (sessions, the
login, CSRF, messages, history): every page's time is reported as a multiple of it.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from ilv.urls import urlpatterns as site_urlpatterns


@login_not_required
def minimal(request):
    # Touch the user as every page does (the session and user row are read through the
    # middleware), but run no query of our own and render no template.
    return HttpResponse(f"ok {request.user.is_authenticated}", content_type="text/plain")


urlpatterns = [path("bench/minimaal/", minimal, name="bench_minimal"), *site_urlpatterns]
