"""`duizhao review DIR|FILE… [--corpus DIR] [--xlsx OUT] [--json]`: the 督导组's batch review,
on materials written here (fictional units); the .xlsx is opened with openpyxl."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from duizhao.cli import main

GOOD = """柳溪县水利局党组班子2025年度民主生活会对照检查材料
会前共征求意见建议36条，开展谈心谈话24人次。
一、上年度民主生活会整改落实情况
上年度查摆的8个问题已完成整改7个，1个持续推进。
二、存在的问题
（一）政治忠诚方面
一是对第一议题学习后的研究不够，3月学习防汛条例后没有研究本县2座病险水库的处置。
（二）党性修养方面
一是批评与自我批评不够大胆，9月组织生活会上对班子成员只提了1条意见。
（三）三个敬畏方面
一是敬畏群众不够，柳河镇2户村民的灌溉纠纷协调了5个月才有结果。
（四）担当作为方面
一是攻坚劲头不足，城西泵站改造项目两次推迟开工，汛前没有完工。
（五）管党治党方面
一是监督失之于宽，6月局属水文站2名职工接受宴请，直到县纪委转来线索才处理。
三、原因剖析
一是理想信念有所松懈，思想上把业务当硬任务、把学习当软任务。
四、整改措施
一是由党组书记牵头，每月第一议题后研究1项业务难题，年底前形成2份调研报告。
二是每季度开展1次谈心谈话，班子成员相互提出不少于3条批评意见，办公室建立台账。
三是柳河镇灌溉纠纷由分管副局长包案，8月底前调处完毕，敬畏群众、依法办事。
四是城西泵站改造项目由工程股负责，明年汛前完工，班子每月调度担当作为情况。
五是局纪检组每季度对水文站开展1次廉政谈话，落实管党治党责任，建立台账逐项销号。
"""
BAD = """XX局党组班子对照检查材料
一、存在的问题
一是理论学习不够深入，学用结合不够紧密。
二是工作作风不够扎实，深入基层不够，XX名干部很少下乡。
三是担当作为不够，攻坚克难的劲头有所减弱。
四是廉洁自律意识有所放松，要求不够严格。
二、整改措施
进一步加强学习，不断改进作风。
"""


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "材料"
    (root / "二组").mkdir(parents=True)
    (root / "甲局班子.txt").write_text(GOOD, encoding="utf-8")
    (root / "二组" / "乙局班子.txt").write_text(BAD, encoding="utf-8")
    (root / "损坏.docx").write_bytes(b"\x00\x01 not a zip")
    (root / "说明.pdf").write_bytes(b"%PDF-1.4")  # not a material type: not listed
    return root


def test_batch_json_rows_worst_first(folder, capsys):
    assert main(["review", "--json", str(folder)]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = data["materials"]
    assert [r["file"] for r in rows] == ["损坏.docx", "二组/乙局班子.txt", "甲局班子.txt"]
    assert [r["level"] for r in rows] == ["无法审读", "不达标", "基本达标"]
    assert "不是有效的 .docx" in rows[0]["error"]
    bad, good = rows[1], rows[2]
    assert bad["problems"] == 4 and bad["measures"] == 1 and bad["errors"] == 1  # “XX” in 2 places is one thing
    assert any("占位符“XX”（2 处）" in f for f in bad["main_findings"])
    assert good["unit"] == "柳溪县水利局党组" and good["kind"] == "班子" and good["framework"] == "dsh-2025"
    assert good["errors"] == 0 and good["specificity"] >= 50 and good["copy_ratio"] is None
    assert data["levels"] == {"不达标": 1, "需修改": 0, "基本达标": 1, "无法审读": 1}


def test_batch_xlsx_has_filters_and_frozen_header(folder, tmp_path, capsys):
    out = tmp_path / "汇总.xlsx"
    assert main(["review", str(folder), "--xlsx", str(out)]) == 0
    text = capsys.readouterr().out
    assert "批量审读：3 份材料" in text and text.index("乙局班子") < text.index("甲局班子")
    sheet = load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:P{sheet.max_row}"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["等级", "文件", "单位"] and "见人见事" in header and "复制比" in header
    levels = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert levels == ["无法审读", "不达标", "基本达标"]
    assert sheet.cell(row=3, column=header.index("问题") + 1).value == 4


def test_files_listed_one_by_one_are_a_batch(folder, capsys):
    assert main(["review", "--json", str(folder / "甲局班子.txt"), str(folder / "二组" / "乙局班子.txt")]) == 0
    assert len(json.loads(capsys.readouterr().out)["materials"]) == 2


def test_batch_with_corpus_gives_copy_ratio(folder, tmp_path, capsys):
    corpus = tmp_path / "文库"
    source = tmp_path / "往年.txt"
    source.write_text(BAD.replace("XX局", "丙局"), encoding="utf-8")
    assert main(["corpus", "add", "--corpus", str(corpus), str(source)]) == 0
    capsys.readouterr()
    assert main(["review", "--json", "--corpus", str(corpus), str(folder / "二组"), str(folder / "甲局班子.txt")]) == 0
    rows = {r["file"]: r for r in json.loads(capsys.readouterr().out)["materials"]}
    assert rows["乙局班子.txt"]["copy_ratio"] > 0.5 and rows["乙局班子.txt"]["level"] == "不达标"
    assert rows["甲局班子.txt"]["copy_ratio"] < 0.1


def test_batch_refuses_single_material_outputs_and_missing_paths(folder, tmp_path, capsys):
    assert main(["review", str(folder), "--html", str(tmp_path / "x.html")]) == 2
    assert "不支持" in capsys.readouterr().err
    assert main(["review", str(folder), str(tmp_path / "nope")]) == 2
    assert main(["review", str(folder), "--xlsx", str(tmp_path / "no" / "dir" / "x.xlsx")]) == 2
    empty = tmp_path / "空"
    empty.mkdir()
    assert main(["review", str(empty)]) == 2
    assert "没有找到可审读的材料" in capsys.readouterr().err


def test_batch_names_what_a_non_material_is(tmp_path, capsys):
    root = tmp_path / "混合"
    root.mkdir()
    (root / "班子材料.txt").write_text(GOOD, encoding="utf-8")
    (root / "点评讲话.txt").write_text(
        "在县水利局2025年度民主生活会上的点评讲话\n同志们：\n刚才，班子成员逐一作了对照检查，开展了批评和自我批评。"
        "下面，我讲三点意见。\n一、总体评价\n这次会议准备充分。\n二、几点要求\n一是要抓好整改落实。二是要建立长效机制。\n谢谢大家。\n",
        encoding="utf-8",
    )
    assert main(["review", str(root), "--json"]) == 0
    kinds = {row["file"]: row["kind"] for row in json.loads(capsys.readouterr().out)["materials"]}
    assert kinds["点评讲话.txt"] == "讲话稿" and kinds["班子材料.txt"] == "班子"
