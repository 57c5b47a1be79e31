"""Speed of the chain on a generated unit (figures, not a test).

Proposes the ledger for a team with 8 materials and 300 claimed opinions (target ≤ 1 s per
material), and builds the trace of a meeting with 2,000 opinions (target ≤ 0.5 s). Runs on a
fresh SQLite data directory in a temporary folder, through the workbench's own functions.

Usage: python bench/chain.py [--opinions-trace 2000] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

PLACES = [
    "城北工业园区",
    "青竹镇",
    "不动产登记中心",
    "执法监察大队",
    "国土空间规划股",
    "耕地保护股",
    "办公室",
    "财务股",
]
MATTERS = [
    "卫片图斑整改",
    "继承登记",
    "批而未供土地处置",
    "耕地占补平衡",
    "执法案件审核",
    "公务用车登记",
    "干部挂职选派",
    "窗口午间值班",
]
FAULTS = [
    "推进迟缓",
    "把关不严",
    "跟踪不够",
    "群众反映办事慢",
    "程序不规范",
    "制度执行打折扣",
    "调研不深入",
    "答复不及时",
]
ASPECT_HEADINGS = [
    "（一）理论学习方面",
    "（二）政治素质方面",
    "（三）能力本领方面",
    "（四）担当作为方面",
    "（五）工作作风方面",
    "（六）廉洁自律方面",
]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)}的{rng.choice(MATTERS)}{rng.choice(FAULTS)}，{rng.randint(2, 9)}件事项超过时限"


def material_text(rng: random.Random, name: str) -> str:
    lines = [f"{name}2023年度专题民主生活会对照检查材料", "一、存在的问题"]
    ordinals = "一二三"
    for heading in ASPECT_HEADINGS:
        lines.append(heading)
        lines += [f"{ordinals[i]}是{_sentence(rng)}，本人督促不够。" for i in range(2)]
    lines += ["二、原因剖析", "一是宗旨意识有所淡化。二是担当精神不足。", "三、整改措施"]
    lines += [
        f"{i}.针对{rng.choice(MATTERS)}，{rng.choice(['立行立改', '6月底前完成', '长期坚持'])}，"
        f"建立台账逐项销号，责任部门：{rng.choice(PLACES)}。"
        for i in range(1, 9)
    ]
    return "\n".join(lines) + "\n"


def build_unit(rng: random.Random, opinions: int):
    from duizhao.web.workbench import materials as core
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench import services

    team = m.Team.objects.create(name=f"测试党组{rng.random():.6f}")
    members = [
        m.Member.objects.create(
            team=team, name=f"成员{i}", title="党组成员", is_head=i == 0, portfolio=rng.choice(MATTERS), order=i
        )
        for i in range(8)
    ]
    meeting = m.Meeting.objects.create(
        team=team,
        year=2023,
        framework_id="dsh-2023",
        title="2023年度专题民主生活会",
        planned_date=date(2024, 1, 20),
        held_date=date(2024, 1, 20),
    )
    services.sync_deadlines(meeting)
    m.Opinion.objects.bulk_create(
        [
            m.Opinion(
                meeting=meeting,
                text=_sentence(rng) + "。",
                source="box",
                received_on=date(2024, 1, 2),
                target_member=members[i % 8],
                claimed_member=members[i % 8],
            )
            for i in range(opinions)
        ]
    )
    materials = []
    for member in members:
        material = m.Material.objects.create(meeting=meeting, member=member, status="approved")
        core.save_version(material, material_text(rng, member.name), origin="import")
        materials.append(material)
    return meeting, materials


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--opinions-trace", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="duizhao-bench-chain-"))
    from duizhao.cli.backup import setup_django

    setup_django(work)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from duizhao.web.workbench import chain
    from duizhao.web.workbench import models as m

    rng = random.Random(7)
    _, materials = build_unit(rng, 300)
    for material in materials:  # recorded when saved; undone, to time the recording alone
        m.ProblemRecord.objects.filter(version__material=material).delete()
        m.MaterialVersion.objects.filter(material=material).update(problems_recorded=False)
    record = [timed(chain.record_problems, material)[0] for material in materials]
    propose = []
    for material in materials:
        seconds, rows = timed(lambda x: chain.proposal_rows(x, chain.ledger_proposal(x)), material)
        propose.append(seconds)
        chain.commit_proposal(material, rows)
    big, big_materials = build_unit(rng, args.opinions_trace)
    for material in big_materials:  # recorded when `build_unit` saved them
        chain.commit_proposal(material, chain.proposal_rows(material, chain.ledger_proposal(material)))
    trace = [timed(chain.trace, big)[0] for _ in range(5)]
    print(
        json.dumps(
            {
                "data": "generated unit (bench/chain.py, seed 7), SQLite in a temporary directory",
                "record_problems_and_suggest_s": {
                    "median": round(statistics.median(record), 3),
                    "max": round(max(record), 3),
                },
                "propose_ledger_per_material_s": {
                    "median": round(statistics.median(propose), 3),
                    "max": round(max(propose), 3),
                    "target": 1.0,
                    "materials": 8,
                    "opinions": 300,
                },
                "trace_s": {
                    "median": round(statistics.median(trace), 3),
                    "max": round(max(trace), 3),
                    "target": 0.5,
                    "opinions": args.opinions_trace,
                },
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
