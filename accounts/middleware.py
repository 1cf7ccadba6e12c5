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
