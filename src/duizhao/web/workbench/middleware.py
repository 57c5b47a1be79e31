from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """An account created with a one-time password must set its own before doing anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(("/static/", "/yijian/", "/fankui/")):  # first: public pages never load the user
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            state = getattr(user, "account_state", None) if hasattr(user, "account_state") else None
            allowed = {reverse("password_change"), reverse("password_change_done"), reverse("logout")}
            if state is not None and state.must_change_password and request.path not in allowed:
                return redirect("password_change")
        return self.get_response(request)
