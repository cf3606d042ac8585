from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    # Django's Dutch catalogue has no translation for these two; users must never see English.
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord klopt niet. "
            "Let op: hoofdletters tellen mee."
        ),
        "inactive": _("Dit account is niet (meer) actief. Neem contact op met de regisseur."),
    }
