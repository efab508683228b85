"""Sessions that end after SESSION_COOKIE_AGE without a request, written at most once a minute.

Django's SESSION_SAVE_EVERY_REQUEST writes the session (a database row or a cache entry, and a new
cookie) on every request of a logged-in user, only to push its expiry on. Pushing it on when the
last push is a minute old or more keeps the idle timeout (it ends between one minute early and on
time) for one write a minute instead of one a request.
"""

import time

from django.http import HttpRequest, HttpResponse

REFRESHED_KEY = "_refreshed_at"
REFRESH_SECONDS = 60


class SessionRefreshMiddleware:
    """After SessionMiddleware: marks a live session modified when its expiry was last pushed on a
    minute ago or more, so that SessionMiddleware saves it (with a new expiry) on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        # No cookie (session_key None), or one for a session that is gone or empty: nothing to extend.
        if session.session_key is None or session.is_empty():
            return response
        now = int(time.time())
        if now - session.get(REFRESHED_KEY, 0) >= REFRESH_SECONDS:
            session[REFRESHED_KEY] = now
        return response
