"""反馈: grouped opinions with their response and public status; the Word 通报. Texts written for
these tests."""

from __future__ import annotations

from datetime import date

import docx
import pytest

from duizhao.cycle.feedback import Feedback, FeedbackItem, group_items, notice_docx, notice_paragraphs


@pytest.mark.parametrize(
    "statuses, response, expected",
    [
        (("done", "done"), "", "已整改"),
        (("done", "not_started"), "", "整改中"),
        (("in_progress",), "", "整改中"),
        (("not_started",), "", "未启动"),
        ((), "已在会上作出说明", "已作回应"),
        ((), "  ", "尚未回应"),
    ],
)
def test_public_status(statuses, response, expected):
    assert FeedbackItem("意见", 1, response, statuses).status == expected


def test_like_opinions_become_one_item_with_all_their_tasks():
    items = group_items(
        [
            (7, "窗口中午没人值班", "", ("done",), ("2025-001",)),
            (7, "不动产登记窗口午休关门", "增设午间值班", ("in_progress",), ("2025-004",)),
            (None, "食堂早餐品种少", "", (), ()),
        ]
    )
    window = next(item for item in items if item.count == 2)
    assert window.text == "不动产登记窗口午休关门"  # the first by sort order, not by arrival
    assert window.task_numbers == ("2025-004", "2025-001")
    assert window.status == "整改中" and window.response == "增设午间值班"
    assert [item.status for item in items if item.count == 1] == ["尚未回应"]


def test_notice_states_the_counts_and_only_the_month(tmp_path):
    feedback = Feedback(
        "中共某县局党组",
        "2025年度民主生活会",
        date(2026, 3, 17),
        [
            FeedbackItem("窗口中午没人值班", 3, "", ("done",), ("2025-001",)),
            FeedbackItem("食堂早餐品种少", 1, "已转机关服务中心", ()),
        ],
    )
    assert notice_paragraphs(feedback) == [
        "2025年度民主生活会会前，中共某县局党组广泛征求意见建议，共收到4条，归并为2项。"
        "截至2026年3月，已整改1项，已作回应1项。现将逐项落实情况通报如下。"
    ]
    notice_docx(feedback, tmp_path / "n.docx")
    document = docx.Document(tmp_path / "n.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2025年度民主生活会征求意见整改落实情况的通报" in text.replace("\n", "")
    assert "17日" not in text and "2026年3月" in text
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "窗口中午没人值班（同类意见3条）" in cells and "已整改" in cells
