from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ilv.forms import LoginForm
from ilv.views import favicon, health

urlpatterns = [
    path("", include("reports.overview_urls")),
    path(
        "aanmelden/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("gemeenten/", include("reports.municipality_urls")),
    path("contingenten/", include("contingents.urls")),
    path("vergaderingen/", include("meetings.urls")),
    path("evenementen/", include("events.urls")),
    path("organisaties/", include("catalogue.urls")),
    path("rapporten/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    # For load balancers and monitoring: 200 or 503, no login (README, "Production").
    path("gezondheid/", health, name="health"),
]
