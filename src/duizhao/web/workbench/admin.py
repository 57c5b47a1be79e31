from django.contrib import admin

from duizhao.web.workbench import models as m


@admin.register(m.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "parent"]


@admin.register(m.TeamRole)
class TeamRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "role"]
    list_filter = ["role", "team"]


@admin.register(m.Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "team", "is_head", "user"]
    list_filter = ["team"]


@admin.register(m.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "year", "planned_date"]


@admin.register(m.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["number", "meeting", "owner", "deadline", "status"]
    list_filter = ["status", "meeting"]
