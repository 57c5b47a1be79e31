from duizhao.web.workbench.models import TeamRole


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    held = set(TeamRole.objects.filter(user=user).values_list("role", flat=True))
    return {
        "is_supervisor": user.is_superuser or "supervisor" in held,
        "may_manage_archive": user.is_superuser or "clerk" in held,
    }
