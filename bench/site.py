"""The site as the bench serves it: the app's settings with two bench-only overrides, shared by
bench/pages.py (in-process) and bench/wsgi.py (gunicorn).

- ROOT_URLCONF is bench.urls: the site's URLs plus a minimal view to measure against;
- plain static file storage: no collectstatic for a bench (the manifest storage of production
  refuses every {% static %} without it).

DEBUG is off unless the environment says otherwise, with a bench SECRET_KEY, so that templates are
cached and no query is logged, as in production.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilv.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")  # noqa: S105
# A bench sends no mail, and measures one process at a time unless REDIS_URL says otherwise.
os.environ.setdefault("ALLOW_LOCAL_CACHE", "true")


def configure() -> None:
    """Set Django up with the bench overrides (override_settings, so that the storages and URL
    caches are reset, whatever read them during setup)."""
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ROOT_URLCONF="bench.urls",
    ).enable()
