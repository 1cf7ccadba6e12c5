"""Absolute session lifetime on top of Django's sliding idle timeout (SESSION_COOKIE_AGE)."""
import time

from django.conf import settings
from django.contrib.auth import logout


class SessionLifetimeMiddleware:
    KEY = "_iei_login_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(self.KEY)
            now = int(time.time())
            if started is None:
                request.session[self.KEY] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)


class RequireOTPMiddleware:
    """A browser session of a user with a confirmed TOTP device must pass the code step first."""

    EXEMPT_PREFIXES = ("/accounts/2fa/verify/", "/accounts/logout/", "/static/", "/i18n/", "/healthz", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None and user.is_authenticated and hasattr(user, "is_verified")
            and not user.is_verified() and not request.path.startswith(self.EXEMPT_PREFIXES)
        ):
            from django.shortcuts import redirect
            from django.urls import reverse
            from django_otp import user_has_device

            if user_has_device(user, confirmed=True):
                return redirect(f"{reverse('accounts:twofactor_verify')}?next={request.path}")
        return self.get_response(request)
