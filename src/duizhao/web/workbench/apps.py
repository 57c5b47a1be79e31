from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "duizhao.web.workbench"
    label = "workbench"
    verbose_name = "民主生活会工作台"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_save

        from duizhao.web.workbench.backends import normalise_new_username

        pre_save.connect(normalise_new_username, sender=get_user_model(), dispatch_uid="duizhao-normalise-username")
