from django.utils.functional import SimpleLazyObject

from actors.queries import home_region


def site(request):
    """The home region for the page header; read only when a template asks for it."""
    return {"home_region": SimpleLazyObject(lambda: home_region(request))}
