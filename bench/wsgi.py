"""gunicorn's entry for bench/pages.py --server: the site with the bench overrides of bench/site.py.

DATABASE_URL=... .venv/bin/gunicorn bench.wsgi --workers 2 --bind 127.0.0.1:8016
"""

from bench.site import configure

configure()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

application = WSGIHandler()
