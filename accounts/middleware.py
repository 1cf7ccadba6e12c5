"""Session lifetime: a sliding idle timeout (SESSION_COOKIE_AGE) and an absolute lifetime."""
import time

from django.conf import settings
from django.contrib.auth import logout


class SessionLifetimeMiddleware:
    """Logs out a session older than SESSION_ABSOLUTE_SECONDS and slides its idle window.

    The idle window slides by saving the session, which renews its expiry in the database and the
    cookie. Saving on every request (SESSION_SAVE_EVERY_REQUEST) costs an UPDATE and a commit per
    request; saving when the last renewal is older than SESSION_REFRESH_SECONDS keeps the idle
    timeout exact to within that many seconds (a session may end that much early, never late).
    """

    KEY = "_iei_login_at"
    SEEN_KEY = "_iei_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            session = request.session
            started = session.get(self.KEY)
            now = int(time.time())
            if started is None:
                session[self.KEY] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return self.get_response(request)
            if now - int(session.get(self.SEEN_KEY) or 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.SEEN_KEY] = now  # marks the session modified: saved with a new expiry
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
