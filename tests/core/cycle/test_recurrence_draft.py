from duizhao.cycle.classify import classify_opinion
from duizhao.cycle.draft import EMPTY_ASPECT_MARK, REWRITE_MARK, assemble_draft
from duizhao.cycle.recurrence import recurring_problems, similarity
from duizhao.frameworks import get_framework


def test_recurring_problems_across_years():
    current = [
        "理论学习不够深入，学用结合不紧",
        "服务群众意识不强，窗口办事排队时间长",
        "执法案件办理周期偏长",
    ]
    earlier = {
        2023: ["理论学习浮于表面，学用结合不够紧密", "调查研究不深入"],
        2024: ["服务群众意识不够强，窗口群众排队时间长", "理论学习不深不透"],
        2022: ["公务接待管理不规范"],
    }
    found = {r.index: r for r in recurring_problems(current, earlier)}
    assert set(found) == {0, 1}
    assert found[0].years == [2023, 2024] and "浮于表面" in found[0].best.text
    assert found[1].years == [2024]
    assert "2024年" in found[1].message
    again = recurring_problems(current[:1], {2021: ["理论学习浮于表面，学用结合不够紧密"], 2023: earlier[2023]})
    assert again[0].years == [2021, 2023]
    as_rows = [{"year": 2023, "text": t, "code": "x"} for t in earlier[2023]] + [
        {"year": 2024, "text": earlier[2024][0]}
    ]
    assert [r.index for r in recurring_problems(current, as_rows)] == [0, 1]


def test_similarity_bounds():
    assert similarity("理论学习不够深入", "理论学习不够深入") == 1.0
    assert similarity("理论学习不够深入", "公务用车管理不严") < 0.2
    assert similarity("", "任何") == 0.0


def claimed():
    return [
        {"text": "中心组学习多是念文件，研讨发言照稿子读", "aspect_id": "party_spirit", "number": 12},
        {"text": "对上级决策部署有时搞变通、打折扣", "number": 3},  # classified automatically
        {"text": "公务用车周末使用没有审批", "aspect_id": "three_reverences", "number": 27},
    ]


def test_draft_only_from_input_with_sources_and_markers():
    framework = get_framework("dsh-2025")
    notes = [{"text": "分管的执法大队案件拖得久，等上级文件的思想重", "partner": "王建国"}]
    text = assemble_draft(
        framework, claimed(), notes, kind="personal", title="青川县自然资源局2025年度民主生活会", author="李明远"
    )
    lines = text.splitlines()
    assert lines[1] == "个人对照检查材料" and lines[2] == "李明远"
    assert "（一）在带头强化政治忠诚、提高政治能力方面" in lines
    assert "一是对上级决策部署有时搞变通、打折扣。【来源：征求意见第3条】" + REWRITE_MARK in lines
    assert any(line.startswith("一是中心组学习") and "第12条" in line for line in lines)
    assert any("与王建国谈心谈话" in line for line in lines)
    assert text.count(REWRITE_MARK) == 4
    # each aspect without input says so, and nothing else is invented (the talk note and the
    # third opinion are placed by the classifier)
    placed = {"party_spirit", "three_reverences"} | {
        classify_opinion(t, framework).aspect_id for t in (claimed()[1]["text"], notes[0]["text"])
    }
    assert text.count(EMPTY_ASPECT_MARK) == len(framework.aspects) - len(placed) >= 1
    assert "二、原因剖析" in lines and "三、整改措施" in lines


def test_draft_for_team_with_word_aspects_and_unclassifiable():
    framework = get_framework("dsh-2023")
    text = assemble_draft(
        framework,
        ["无", {"text": "会议太多，基层所长一周来局里开三次会"}],
        kind="team",
        title="某局2023年主题教育专题民主生活会",
    )
    assert "领导班子对照检查材料" in text and "一、存在的主要问题" in text
    assert "（五）工作作风方面" in text
    assert text.count(EMPTY_ASPECT_MARK) == 5
    from duizhao.parse import parse_text

    material = parse_text(text)
    assert material.kind == "team" and material.framework_id == "dsh-2023"
    assert [p.aspect_id for p in material.problems if "会议太多" in p.text] == ["work_style"]


def test_draft_parses_into_problems_under_the_right_aspects():
    from duizhao import parse

    framework = get_framework("dsh-2025")
    text = assemble_draft(
        framework, claimed(), kind="personal", title="青川县自然资源局2025年度民主生活会", author="李明远"
    )
    material = parse.parse_text(text, framework_id="dsh-2025")
    placed = [(p.aspect_id, p.text) for p in material.problems]
    assert ("political_loyalty", True) in [(a, "变通" in t) for a, t in placed]
    assert any(a == "party_spirit" and "中心组" in t for a, t in placed)
    assert any(a == "three_reverences" and "公务用车" in t for a, t in placed)
    real = [p for p in material.problems if p.text.strip() != EMPTY_ASPECT_MARK]
    assert len(real) == 3
    assert {p.aspect_id for p in material.problems} <= {a.id for a in framework.aspects}
    assert material.kind == "personal" and material.framework_id == "dsh-2025"
    assert any(p.text == REWRITE_MARK for p in material.placeholders)  # the markers stay visible
