"""Log in by the normalised user name: `ｗｕｚｈｅｎｈｕａ`, `WuZhenHua` and `wuzhenhua` are one account,
for the password check as for the failure throttle (duizhao.web.throttle), so a different
width or case cannot escape a lock. Account names are stored normalised (see `normalise_new_username`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from duizhao.safety import normalize_username


def stored_username(value: str | None) -> str:
    """The stored name the given one logs in to: the normalised form, or an older account whose
    name differs from it only by case."""
    name = normalize_username(value)
    User = get_user_model()
    if not User.objects.filter(username=name).exists():
        older = list(User.objects.filter(username__iexact=name).values_list("username", flat=True)[:2])
        if len(older) == 1:
            return older[0]
    return name


def username_taken(value: str) -> bool:
    return get_user_model().objects.filter(username__iexact=normalize_username(value)).exists()


class NormalizedUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.pop(get_user_model().USERNAME_FIELD, None)
        if username is None or password is None:
            return None
        return super().authenticate(request, username=stored_username(username), password=password)


def normalise_new_username(sender, instance, **kwargs):
    """pre_save of the user model: a new account's name is stored in its normalised form."""
    if instance._state.adding and instance.username:
        instance.username = normalize_username(instance.username)
