from duizhao.web.workbench.models import TeamRole


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"is_supervisor": user.is_superuser or TeamRole.objects.filter(user=user, role="supervisor").exists()}
