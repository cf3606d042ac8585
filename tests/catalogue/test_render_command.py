"""The timer job that keeps the brochure of the current data in the cache."""

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_job_renders_the_brochure_so_that_visitors_do_not_wait(client, ecoso, renders, capsys):
    call_command("render_brochure")
    assert "Brochure ready" in capsys.readouterr().out
    assert len(renders) == 1
    call_command("render_brochure")  # nothing changed: nothing rendered
    assert client.get(reverse("catalogue:brochure")).content.startswith(b"%PDF-")
    assert len(renders) == 1
