"""The 督导 overview shows each team's materials by level (不达标 / 需修改 / 基本达标), the same
levels `duizhao review DIR` gives, from each material's latest stored review."""

from __future__ import annotations

from django.urls import reverse
from tests.core.review.test_rules import GOOD_MEASURES, GOOD_PROBLEMS


def _good_text() -> str:
    lines = ["王强个人对照检查材料", "会前征求意见建议20条，开展谈心谈话12人次。", "一、存在的问题"]
    names = ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]  # dsh-2023, in order
    for number, (name, problem) in enumerate(zip(names, GOOD_PROBLEMS.values())):
        lines += [f"（{'一二三四五六'[number]}）在{name}方面", problem]
    lines += [
        "二、原因剖析",
        "一是理想信念有所松懈。思想上把业务当硬任务、把学习当软任务。",
        "二是宗旨意识淡化。主观上群众观点树得不牢，遇事先求稳妥。",
        "三、整改措施",
        *GOOD_MEASURES,
    ]
    return "\n".join(lines) + "\n"


def test_supervision_overview_counts_levels_per_team(login, users, meeting, members):
    from duizhao.review.batch import level_from_review
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m

    empty = core.save_version(
        m.Material.objects.create(meeting=meeting, member=members[1]),
        "李华个人对照检查材料\n会议开得很好，大家很受教育。\n",
        origin="editor",
    )
    good = core.save_version(
        m.Material.objects.create(meeting=meeting, member=members[2]), _good_text(), origin="editor"
    )
    assert level_from_review(empty.review_json) == "不达标"  # no problem found
    assert level_from_review(good.review_json) == "基本达标"
    html = login(users["supervisor"]).get(reverse("supervision")).content.decode()
    assert "材料审读等级" in html
    assert "不达标 1" in html and "需修改 0" in html and "基本达标 1" in html
    assert html.index("李华：不达标") < html.index("王强：基本达标")  # worst first


def test_team_without_materials_shows_zero_levels(login, users, meeting):
    html = login(users["supervisor"]).get(reverse("supervision")).content.decode()
    assert "不达标 0" in html and "逐份" not in html


def test_a_failed_review_gets_no_level(login, users, meeting, members):
    from duizhao.web.workbench import models as m

    material = m.Material.objects.create(meeting=meeting, member=members[1])
    m.MaterialVersion.objects.create(
        material=material,
        number=1,
        text="李华个人对照检查材料\n",
        review_json={"findings": [], "scores": {}, "notes": ["审读暂时无法完成"]},
    )
    html = login(users["supervisor"]).get(reverse("supervision")).content.decode()
    assert "不达标 0" in html and "李华：" not in html
