def audit_reader(request):
    """`may_read_audit` for the navigation: the administrator, clerks and supervisors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from duizhao.web.workbench.models import TeamRole

    return {
        "may_read_audit": user.is_superuser
        or TeamRole.objects.filter(user=user, role__in=("clerk", "supervisor")).exists()
    }
