"""Session lifetime: a sliding idle timeout (SESSION_COOKIE_AGE) and an absolute lifetime."""
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device


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


def stamp_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: the session starts its absolute lifetime and its idle window at the sign-in.

    The sign-in saves the session anyway (a new key); stamped here, the first request after it has
    nothing to renew, instead of an UPDATE of the session (and its cache) on the first page or check-in.
    """
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SessionLifetimeMiddleware.KEY] = now
        session[SessionLifetimeMiddleware.SEEN_KEY] = now


class RequireOTPMiddleware:
    """A session of a user with a confirmed TOTP device must pass the code step first.

    Pages redirect to the code step; the API answers 403, so a session that gave only the password
    cannot reach the API either. An API request that names a token (``Authorization: Token ...``) is
    left to the token authentication: a token is issued only after the code (accounts/api/views.py),
    and DRF tries the token first, never falling back to the session when a token is named.
    The token endpoint itself and the public schema pages are open to anyone, so also to this session.
    """

    EXEMPT_PREFIXES = ("/accounts/2fa/verify/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")
    API_PREFIX = "/api/"
    API_OPEN = ("/api/v1/auth/token/", "/api/schema/", "/api/docs/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None and user.is_authenticated and hasattr(user, "is_verified")
            and not user.is_verified() and not request.path.startswith(self.EXEMPT_PREFIXES)
            and not self._left_to_the_api(request)
            and self._has_confirmed_device(user)
        ):
            if request.path.startswith(self.API_PREFIX):
                return JsonResponse({
                    "detail": str(_("Two-factor verification is required: enter your code at %(url)s first.")
                                  % {"url": reverse("accounts:twofactor_verify")}),
                    "code": "otp_required",
                }, status=403)
            return redirect(f"{reverse('accounts:twofactor_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _has_confirmed_device(user) -> bool:
        known = getattr(user, "_iei_has_otp", None)  # read with the user (accounts.backends.AccessBackend)
        return bool(known) if known is not None else user_has_device(user, confirmed=True)

    def _left_to_the_api(self, request) -> bool:
        if not request.path.startswith(self.API_PREFIX):
            return False
        if request.path.startswith(self.API_OPEN):
            return True
        scheme = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0]
        return scheme.lower() == "token"
