from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "duizhao.web.workbench"
    label = "workbench"
    verbose_name = "民主生活会工作台"
    default_auto_field = "django.db.models.BigAutoField"
