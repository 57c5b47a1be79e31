"""Makes the request's user known to the audit signal handlers (per thread / context)."""

from duizhao.web.audit.recorder import current_request


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
