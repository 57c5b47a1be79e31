"""`Cache-Control: no-store` on every answer to a logged-in user: pages, partials and downloads
hold opinions, materials and names that must not stay in a shared browser's cache or a proxy.
(The Content-Security-Policy comes from django-csp, configured in settings.)"""

from __future__ import annotations

from django.utils.cache import patch_cache_control


class NoStoreForUsersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response
