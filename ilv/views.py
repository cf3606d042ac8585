from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whether or not a page links an icon: send them to ours.

    Not a permanent redirect: the static URL carries a hash that changes with the file.
    """
    return redirect(static("img/favicon.svg"))
