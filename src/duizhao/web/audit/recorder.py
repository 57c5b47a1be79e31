"""Record creations, changes and deletions of the workbench's objects through Django signals, and
anything else through `record(user, action, obj, changes)`.

Only changes made inside a web request are recorded automatically (the request tells who); the
CLI, migrations and the demo loader are not users. Opinions (意见建议) are never recorded: a
creation time next to an opinion would undo its anonymity.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import uuid

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_save

current_request: contextvars.ContextVar = contextvars.ContextVar("duizhao_audit_request", default=None)

AUDITED_APPS = {"workbench", "auth"}
# Problem records are derived from a version's text by the parser, not changed by anyone.
NEVER_AUDITED = {"workbench.opinion", "workbench.problemrecord", "audit.auditentry"}
SECRET_FIELDS = {"password"}
IGNORED_FIELDS = {"last_login", "updated_at", "created_at", "uploaded_at", "aspect_confidence"}
TEAM_PATHS = ("team", "meeting.team", "task.meeting.team", "material.meeting.team", "member.team")
MAX_VALUE_CHARS = 300
HIDDEN_VALUE = "（已修改）"


def audited(model) -> bool:
    meta = model._meta
    return meta.app_label in AUDITED_APPS and meta.label_lower not in NEVER_AUDITED


def _json_value(value):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def snapshot(instance) -> dict:
    values = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in IGNORED_FIELDS:
            continue
        values[field.attname] = _json_value(field.value_from_object(instance))
    return values


def _label(instance, attname: str) -> str:
    for field in instance._meta.concrete_fields:
        if field.attname == attname:
            return str(field.verbose_name)
    return attname


def diff(before: dict, after: dict, instance) -> dict:
    changes: dict[str, list[object]] = {}  # label -> [old value, new value]
    for name, new in after.items():
        old = before.get(name)
        if old == new:
            continue
        if name in SECRET_FIELDS:
            changes[_label(instance, name)] = [HIDDEN_VALUE, HIDDEN_VALUE]
        else:
            changes[_label(instance, name)] = [old, new]
    return changes


def team_id_of(obj) -> int | None:
    for path in TEAM_PATHS:
        target = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except (AttributeError, ObjectDoesNotExist):  # no such relation on this kind of object: try the next path
            continue
        if target is not None and getattr(target._meta, "label_lower", "") == "workbench.team":
            return target.pk
    if getattr(obj._meta, "label_lower", "") == "workbench.team":
        return obj.pk
    return None


def _request_user():
    request = current_request.get()
    if request is None:
        return None, None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user, user.get_username()
    return None, "（未登录）"


def record(user, action: str, obj, changes: dict | None = None, *, team_id: int | None = None, description: str = ""):
    """Write one audit entry. `user` may be None (the request's user is then used)."""
    from duizhao.web.audit.models import AuditEntry

    username = user.get_username() if user is not None else None
    if user is None:
        user, username = _request_user()
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.label_lower in NEVER_AUDITED:
        return None
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=username or "系统",
        action=action if action in {"create", "update", "delete"} else "other",
        model=str(meta.verbose_name) if meta is not None else "",
        object_id=str(getattr(obj, "pk", "") or ""),
        object_repr=(description or str(obj))[:200],
        team_id=team_id if team_id is not None else (team_id_of(obj) if meta is not None else None),
        changes=changes or {},
    )


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or not audited(sender) or current_request.get() is None:
        return
    before = None
    if instance.pk is not None and not instance._state.adding:
        old = sender._default_manager.filter(pk=instance.pk).first()
        before = snapshot(old) if old is not None else None
    instance._audit_before = before


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw or not audited(sender) or current_request.get() is None:
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if created or before is None:
        changes = {
            _label(instance, k): [None, HIDDEN_VALUE if k in SECRET_FIELDS else v]
            for k, v in after.items()
            if v not in (None, "", [], {})
        }
        record(None, "create", instance, changes)
    else:
        changes = diff(before, after, instance)
        if changes:
            record(None, "update", instance, changes)
    instance._audit_before = None


def _post_delete(sender, instance, **kwargs):
    if not audited(sender) or current_request.get() is None:
        return
    record(None, "delete", instance, {})


def connect() -> None:
    pre_save.connect(_pre_save, dispatch_uid="duizhao-audit-pre-save")
    post_save.connect(_post_save, dispatch_uid="duizhao-audit-post-save")
    post_delete.connect(_post_delete, dispatch_uid="duizhao-audit-post-delete")
