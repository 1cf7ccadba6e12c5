from django.urls import path

from . import views

app_name = "signon"

# Every route exists whatever is configured; a protocol that is off answers 404 (signon/views.py).
urlpatterns = [
    path("cas/login/", views.CasLoginView.as_view(), name="cas_login"),
    path("oidc/login/", views.OidcAuthenticateView.as_view(), name="oidc_login"),
    path("oidc/callback/", views.OidcCallbackView.as_view(), name="oidc_callback"),
]
