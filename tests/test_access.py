"""Every page needs a login, except the few that are public on purpose."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Views that anyone may open. Every addition here is a decision about public data.
PUBLIC = {
    "login",
    "admin:login",
    "admin:jsi18n",
    # The site's icon: browsers ask for it before anyone logs in.
    "favicon",
    # The health check of load balancers: "in orde" or which service does not answer.
    "health",
    # Calendar feeds: dates, times and places only, so that calendar apps can subscribe.
    "meetings:feed",
    "meetings:body_feed",
    # Events: the public page, the registration form, and the personal page behind its signed link.
    "events:list",
    "events:privacy",
    "events:event",
    "events:register",
    "events:registration",
    "events:registration_cancel",
    "events:sent",
    "events:give_back",
    "events:switch",
    "events:erase",
    # The digital brochure: organisations marked "in de digitale brochure", public fields only.
    "catalogue:list",
    "catalogue:organisation",
    "catalogue:csv",
    "catalogue:brochure",
}

# Sample values for path arguments that must match a fixed set (e.g. the admin's app labels).
SAMPLE_ARGUMENTS = {"app_label": "actors", "content_id": "0" * 32}


def all_named_urls(resolver=None, namespace=""):
    """(name, path) for every named URL pattern, with "1" for each path argument."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = namespace + pattern.name
            regex = pattern.pattern.regex
            if regex.groupindex:
                kwargs = {a: SAMPLE_ARGUMENTS.get(a, "1") for a in regex.groupindex}
                yield name, reverse(name, kwargs=kwargs)
            else:  # positional groups, as in django-simple-history's admin URLs
                yield name, reverse(name, args=["1"] * regex.groups)


def test_every_non_public_url_redirects_an_anonymous_visitor_to_the_login_page(client):
    urls = dict(all_named_urls())
    assert "home" in urls and "admin:actors_organisation_import" in urls
    for name, url in urls.items():
        if name in PUBLIC:
            continue
        response = client.get(url)
        assert response.status_code == 302, f"{name} ({url}) answered {response.status_code}"
        login_pages = (reverse("login"), reverse("admin:login"))
        assert response["Location"].startswith(login_pages), name


def test_public_urls_answer_without_login(client, demo_data):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("meetings:feed")).status_code == 200
    assert client.get(reverse("catalogue:list")).status_code == 200
    assert client.get(reverse("catalogue:csv")).status_code == 200
    assert client.get(reverse("health")).status_code == 200


def test_login_page_is_dutch_and_has_csrf(client):
    html = client.get(reverse("login")).content.decode()
    assert 'lang="nl-BE"' in html
    assert "Gebruikersnaam" in html and "Wachtwoord" in html
    assert "csrfmiddlewaretoken" in html


def test_wrong_password_gets_a_dutch_message_and_keeps_the_username(client, regisseur):
    response = client.post(reverse("login"), {"username": "regisseur", "password": "fout"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze combinatie van gebruikersnaam en wachtwoord klopt niet" in html
    assert 'value="regisseur"' in html


def test_login_sends_the_user_to_the_page_they_asked_for(client, regisseur):
    from tests.conftest import PASSWORD

    response = client.post(
        reverse("login") + "?next=/admin/",
        {"username": "regisseur", "password": PASSWORD, "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"


def test_login_refuses_to_redirect_to_another_site(client, regisseur):
    from tests.conftest import PASSWORD

    response = client.post(
        reverse("login"),
        {"username": "regisseur", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_logout_needs_post_and_ends_the_session(stuurgroep_client):
    assert stuurgroep_client.get(reverse("home")).status_code == 200
    assert stuurgroep_client.get(reverse("logout")).status_code == 405
    assert stuurgroep_client.post(reverse("logout"))["Location"] == reverse("login")
    assert stuurgroep_client.get(reverse("home")).status_code == 302


def test_an_account_without_a_role_sees_no_data(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("zonderrol"))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_readers_cannot_enter_the_admin(stuurgroep_client):
    response = stuurgroep_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_unknown_page_gets_the_dutch_404(stuurgroep_client):
    response = stuurgroep_client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_the_500_page_renders_without_request_or_database():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Er ging iets mis" in html
