"""Where a meeting's cycle stands, derived from its records (opinions collected, talks held,
materials submitted and approved, meeting recorded, ledger set up, reports sent). The clerk's
manual 标记完成 on the timetable confirms a step the records cannot show; it never hides one the
records do show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CycleFacts:
    opinions: int = 0
    talks_done: int = 0
    talks_required: int = 0
    materials_expected: int = 0
    materials_submitted: int = 0  # submitted or approved
    materials_approved: int = 0
    held: bool = False
    tasks: int = 0
    meeting_report_sent: bool = False
    rectification_report_sent: bool = False
    confirmed: set[str] = field(default_factory=set)  # timetable keys marked done by hand


@dataclass(frozen=True)
class Stage:
    key: str  # the timetable key of the step now due, or "finished"
    words: str  # Chinese, for the overview


def current_stage(facts: CycleFacts) -> Stage:
    """The first step not yet done, in the cycle's order."""
    f = facts
    steps = [
        ("opinions_open", f.opinions > 0, "征求意见"),
        (
            "talks_close",
            f.talks_required == 0 or f.talks_done >= f.talks_required,
            f"谈心谈话（必谈已谈{f.talks_done}/{f.talks_required}）",
        ),
        (
            "materials_draft",
            f.materials_expected and f.materials_submitted >= f.materials_expected,
            f"撰写对照检查材料（已提交{f.materials_submitted}/{f.materials_expected}）",
        ),
        (
            "materials_review",
            f.materials_expected and f.materials_approved >= f.materials_expected,
            f"审核对照检查材料（已通过{f.materials_approved}/{f.materials_expected}）",
        ),
        ("meeting", f.held, "召开会议"),
        ("ledger_set_up", f.tasks > 0, "建立整改台账"),
        ("report", f.meeting_report_sent, "报送会议情况报告"),
        ("rectification_report", f.rectification_report_sent, "整改落实，报送整改落实情况报告"),
    ]
    for key, done, words in steps:
        if not (done or key in f.confirmed):
            return Stage(key, words)
    return Stage("finished", "本轮工作已完成")
