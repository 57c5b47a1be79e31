"""What people read of a review, pinned: the terminal report (summary, scores, findings grouped by
severity, one entry per rule and message with every place), the HTML side summary and the
annotations for Word/HTML. Texts and findings are written here (a fictional unit)."""

from __future__ import annotations

from duizhao.model import Annotation, Finding
from duizhao.review import review_material
from duizhao.review.report import findings_to_annotations, same_message_groups, summary_html, text_report

TEXT = "柳溪县水利局党组班子对照检查材料\n一、存在的问题\n1、XX同志下乡调研次数少。\n2、XX工作有待加强。\n"
#       line 1: offsets 0–15        line 2: 17–23    line 3: 25–38, XX at 27    line 4: 40–50, XX at 42

PLACEHOLDER = "占位符“XX”没有替换。请写明具体人名或事项。"
FIRST_XX = Finding("residue.placeholder", "error", PLACEHOLDER, 27, 29)
SECOND_XX = Finding("residue.placeholder", "error", PLACEHOLDER, 42, 44)
TERM = Finding("terms.wrong_term", "error", "“同志下乡”一词请核对。", 29, 33)
STOCK = Finding("specificity.generic_phrase", "warning", "用了套话“有待加强”。请写具体表现。", 46, 50)
ASPECT = Finding("coverage.aspect_missing", "info", "没有写到“带头遵守纪律”方面。", 0, 0)
FINDINGS = [FIRST_XX, STOCK, TERM, SECOND_XX, ASPECT]

SCORES = {
    "specificity": {
        "material": 35,
        "problems": [
            {
                "score": 70,
                "summary": "XX同志下乡调研次数少",
                "markers": [{"text": "3次"}, {"text": "3次"}, {"text": "6月"}],
            },
            {"score": 0, "summary": "XX工作有待加强", "markers": []},
        ],
    }
}
COUNTS = {"problems": 2, "causes": 1, "measures": 3, "characters": 53}
NOTES = ("未套用年度框架：未识别出年度框架。",)


def test_text_report_whole():
    report = text_report(TEXT, FINDINGS, heading="审读：柳溪县", scores=SCORES, counts=COUNTS, notes=NOTES)
    assert report == (
        "审读：柳溪县\n"
        "\n"
        "识别出问题 2 个、原因 1 条、整改措施 3 条（全文 53 字，字数不作为质量依据）。\n"
        "见人见事具体度：35 分（满分 100，各问题平均）。\n"
        "   1.  70 分  XX同志下乡调研次数少（3次、6月）\n"
        "   2.   0 分  XX工作有待加强（无具体事例）\n"
        "未套用年度框架：未识别出年度框架。\n"
        "共 4 条意见（共 5 处）：错误 2，警告 1，提示 1。\n"
        "\n"
        "【错误】2 条\n"
        "1. 共 2 处［residue.placeholder］：第3行3字、第4行3字\n"
        f"   {PLACEHOLDER}\n"
        "2. 第 3 行第 5 字（偏移 29）［terms.wrong_term］\n"
        "   原文：“同志下乡”\n"
        "   “同志下乡”一词请核对。\n"
        "\n"
        "【警告】1 条\n"
        "1. 第 4 行第 7 字（偏移 46）［specificity.generic_phrase］\n"
        "   原文：“有待加强”\n"
        "   用了套话“有待加强”。请写具体表现。\n"
        "\n"
        "【提示】1 条\n"
        "1. 第 1 行第 1 字（偏移 0）［coverage.aspect_missing］\n"
        "   没有写到“带头遵守纪律”方面。\n"
    )


def test_text_report_without_findings_counts_or_scores():
    assert text_report(TEXT, [], heading="审读：空") == "审读：空\n\n共 0 条意见：错误 0，警告 0，提示 0。\n"
    assert text_report(TEXT, [], heading="审读：空", scores={"specificity": None}) == (
        "审读：空\n\n共 0 条意见：错误 0，警告 0，提示 0。\n"
    )


def test_text_report_lists_only_severities_found_and_no_place_count_when_one_place_each():
    report = text_report(TEXT, [STOCK], heading="审读")
    assert report == (
        "审读\n"
        "\n"
        "共 1 条意见：错误 0，警告 1，提示 0。\n"
        "\n"
        "【警告】1 条\n"
        "1. 第 4 行第 7 字（偏移 46）［specificity.generic_phrase］\n"
        "   原文：“有待加强”\n"
        "   用了套话“有待加强”。请写具体表现。\n"
    )


def test_missing_counts_are_zero_and_length_is_the_texts():
    report = text_report(TEXT, [], heading="审读", counts={"problems": 2})
    assert (
        report.splitlines()[2]
        == f"识别出问题 2 个、原因 0 条、整改措施 0 条（全文 {len(TEXT)} 字，字数不作为质量依据）。"
    )
    report = text_report(TEXT, [], heading="审读", counts={"causes": 4})
    assert (
        report.splitlines()[2]
        == f"识别出问题 0 个、原因 4 条、整改措施 0 条（全文 {len(TEXT)} 字，字数不作为质量依据）。"
    )


def test_a_material_score_of_zero_is_still_shown():
    scores = {"specificity": {"material": 0, "problems": [{"score": 0, "summary": "作风不实", "markers": []}]}}
    lines = text_report(TEXT, [], heading="审读", scores=scores).splitlines()
    assert lines[2:4] == ["见人见事具体度：0 分（满分 100，各问题平均）。", "   1.   0 分  作风不实（无具体事例）"]


def test_problem_lines_cut_long_summaries_and_marker_lists():
    exactly = "甲" * 24
    longer = "乙" * 25
    markers = [{"text": f"{n}月{n}日"} for n in range(1, 13)]  # 、-joined: 65 letters
    scores = {
        "specificity": {
            "material": 50,
            "problems": [
                {"score": 100, "summary": exactly, "markers": markers},
                *({"score": 5, "summary": "作风不实", "markers": []} for _ in range(9)),
                {"score": 45, "summary": longer, "markers": [{"text": "台账"}]},
            ],
        }
    }
    lines = text_report(TEXT, [], heading="审读", scores=scores).splitlines()
    assert lines[3] == f"   1. 100 分  {exactly}（1月1日、2月2日、3月3日、4月4日、5月5日、6月6日、7月7日、8月8日、）"
    assert lines[4] == "   2.   5 分  作风不实（无具体事例）"
    assert lines[13] == f"  11.  45 分  {'乙' * 24}……（台账）"


def test_quote_joins_lines_and_cuts_after_forty_letters():
    text = "甲" * 20 + "\n" + "乙" * 19 + "丙丁"
    forty = Finding("residue.placeholder", "error", "四十字。", 0, 40)
    forty_one = Finding("residue.placeholder", "warning", "四十一字。", 0, 41)
    report = text_report(text, [forty, forty_one], heading="审读").splitlines()
    assert report[6] == f"   原文：“{'甲' * 20} {'乙' * 19}”"
    assert report[11] == f"   原文：“{'甲' * 20} {'乙' * 19}……”"


def test_same_message_groups_need_the_same_rule_and_message():
    other_rule = Finding("residue.template_site", "error", PLACEHOLDER, 27, 29)
    other_message = Finding("residue.placeholder", "error", "占位符“某某”没有替换。", 42, 44)
    assert same_message_groups([FIRST_XX, other_rule, SECOND_XX, other_message]) == [
        [FIRST_XX, SECOND_XX],
        [other_rule],
        [other_message],
    ]
    assert same_message_groups([]) == []


def test_annotations_carry_severity_word_author_and_rule():
    assert findings_to_annotations([FIRST_XX, STOCK, ASPECT]) == [
        Annotation(27, 29, f"【错误】{PLACEHOLDER}", "对照审读", "residue.placeholder"),
        Annotation(46, 50, "【警告】用了套话“有待加强”。请写具体表现。", "对照审读", "specificity.generic_phrase"),
        Annotation(0, 0, "【提示】没有写到“带头遵守纪律”方面。", "对照审读", "coverage.aspect_missing"),
    ]


def test_summary_html_whole_and_escaped():
    scores = {
        "specificity": {
            "material": 35,
            "problems": [
                {"score": 70, "summary": "<b>XX</b>同志下乡调研次数少", "markers": []},
                {"score": 0, "summary": "丙" * 25, "markers": []},
            ],
        }
    }
    html = summary_html(FINDINGS, scores, COUNTS, ["材料 <未写年度> & 框架"])
    assert html == (
        "<p>问题 2 个，原因 1 条，整改措施 3 条。</p>"
        "<p>见人见事具体度：<strong>35</strong> 分（满分 100）</p>"
        '<table class="scores"><tr><th>分</th><th>问题</th></tr>'
        "<tr><td>70</td><td>&lt;b&gt;XX&lt;/b&gt;同志下乡调研次数少</td></tr>"
        f"<tr><td>0</td><td>{'丙' * 24}……</td></tr></table>"
        "<p>错误 2 条，警告 1 条，提示 1 条。</p>"
        "<p>材料 &lt;未写年度&gt; &amp; 框架</p>"
    )


def test_summary_html_without_counts_or_scores():
    assert summary_html([]) == "<p>错误 0 条，警告 0 条，提示 0 条。</p>"
    assert summary_html([STOCK], {"specificity": None}, {"measures": 2}) == (
        "<p>问题 0 个，原因 0 条，整改措施 2 条。</p><p>错误 0 条，警告 1 条，提示 0 条。</p>"
    )
    zero = {"specificity": {"material": 0, "problems": []}}
    assert summary_html([], zero, {"problems": 1}).startswith(
        "<p>问题 1 个，原因 0 条，整改措施 0 条。</p><p>见人见事具体度：<strong>0</strong> 分（满分 100）</p>"
        '<table class="scores"><tr><th>分</th><th>问题</th></tr></table>'
    )


def test_report_of_a_reviewed_material_counts_each_thing_once(builder):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    b.problem(None, "1、XX同志巡查记录有3次漏签。")
    b.problem(None, "2、XX同志6月水库检查只看了台账。")
    material = b.build()
    result = review_material(material)
    placeholders = result.by_rule("residue.placeholder")
    assert len(placeholders) == 2 and placeholders[0].message == placeholders[1].message
    report = text_report(material.text, result.findings, heading="审读", scores=result.scores, counts=result.counts)
    things = len(same_message_groups(result.findings))
    assert f"共 {things} 条意见（共 {len(result.findings)} 处）" in report
    assert "共 2 处［residue.placeholder］：第3行3字、第4行3字" in report
