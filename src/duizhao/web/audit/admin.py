from django.contrib import admin

from duizhao.web.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the application, never edited by hand."""

    list_display = ("at", "username", "action", "model", "object_repr", "team_id")
    list_filter = ("action", "model")
    search_fields = ("username", "object_repr")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
