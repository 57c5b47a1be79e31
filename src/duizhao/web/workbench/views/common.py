from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.shortcuts import get_object_or_404

from duizhao.safety import validate_uploaded_file
from duizhao.web.workbench import models as m
from duizhao.web.workbench.permissions import can, require

TABS = [
    ("meeting_detail", "概况"),
    ("opinions", "征求意见"),
    ("talks", "谈心谈话"),
    ("materials", "对照检查材料"),
    ("session", "会议召开"),
    ("ledger", "整改台账"),
    ("reports", "报告"),
]


def meeting_for(request, pk: int, action: str = "view_meeting") -> m.Meeting:
    meeting = get_object_or_404(m.Meeting.objects.select_related("team", "team__parent"), pk=pk)
    require(request.user, action, meeting)
    return meeting


def meeting_context(request, meeting: m.Meeting, tab: str, **extra) -> dict:
    user = request.user
    context = {
        "meeting": meeting,
        "team": meeting.team,
        "tab": tab,
        "tabs": TABS,
        "may": {
            action: can(user, action, meeting)
            for action in (
                "edit_meeting",
                "manage_opinions",
                "claim_opinion",
                "record_talk",
                "comment_material",
                "close_task",
                "import_ledger",
                "export",
                "edit_report",
                "comment_meeting",
                "edit_task",
            )
        },
    }
    context.update(extra)
    return context


def checked_upload(request, upload, kinds):
    """Run the safety checks (size, kind, zip bombs, macros …) on an upload before anything reads
    it; None, with the Chinese reason shown to the user, when refused."""
    from django.contrib import messages

    check, data = validate_uploaded_file(upload, allowed=kinds)
    if not check.ok:
        messages.error(request, f"文件“{check.safe_name}”未接收：{check.reason}")
        return None
    return check, data


@contextmanager
def bytes_on_disk(data: bytes, suffix: str):
    """Write checked bytes to a private temporary file the core can open by path."""
    fd, name = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)
