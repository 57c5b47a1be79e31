"""Batch review speed (not a test): materials reviewed per second on one core, the way
`duizhao review DIR --xlsx OUT` does it (read, parse, review, summarise, sort, write the .xlsx).
Target: ≥ 50 materials/s. The one-time loading of jieba's dictionary is printed apart.

    flock /tmp/duizhao-bench.lock .venv/bin/python bench/review_batch.py [--materials 200] [--chars 5000]

The materials are generated from phrases written for this script (no real material): a third of
the problems concrete with numbers, a third told in words only, a third vague (these make the
review look words up with jieba). The phrases come from short lists, so the same clauses recur
from material to material and jieba's cuts are reused (review/events.py caches them per clause);
--cold forgets them before each material, the case of a batch where no clause recurs."""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ASPECTS = ["政治忠诚", "党性修养", "三个敬畏", "担当作为", "管党治党"]
ORDINALS = "一二三四五六七八九十"
NUMBERED = [
    "{m}月检查{p}时只看了台账，{n}处隐患没有当场交办。",
    "全年{n}次专题会议有{k}次只传达文件，没有研究{p}的实际问题。",
]
IN_WORDS = [
    "{p}两户村民的排水纠纷协调了大半年还没有结果。",
    "办公设备采购时没有比价，由供应商报价后就签了合同。",
    "防汛应急演练的脚本提前发给参演人员，没有检验出处置能力。",
    "年终考核评优时把优秀名额轮流分配，没有拉开档次。",
]
VAGUE = [
    "理论学习不够深入，学用结合不够紧密。",
    "担当作为不够，攻坚克难的劲头有所减弱。",
    "联系服务群众不够经常，主动性有所减弱。",
    "对党员干部的日常监督偏松偏软，抓早抓小不够及时。",
]
PLACES = ["石桥村", "城北园区", "河湾社区", "青竹镇"]
MEASURES = ["由分管副局长负责，{m}月底前完成{p}隐患排查，建立台账逐项销号。", "每季度开展1次谈心谈话，办公室登记备查。"]


def material(rng: random.Random, number: int, chars: int) -> str:
    def fill(t: str) -> str:
        return t.format(m=rng.randint(1, 12), n=rng.randint(2, 40), k=rng.randint(1, 9), p=rng.choice(PLACES))

    lines = [
        f"柳溪县第{number}局党组班子2025年度民主生活会对照检查材料",
        f"会前共征求意见建议{rng.randint(20, 90)}条，开展谈心谈话{rng.randint(20, 60)}人次。",
        "一、上年度民主生活会整改落实情况",
        "上年度查摆的问题已完成整改。",
        "二、存在的问题",
    ]
    index = 0
    while sum(len(x) + 1 for x in lines) < chars * 0.65:  # about 15 problems of 200–300 letters
        lines.append(f"（{ORDINALS[index % 10]}）{ASPECTS[index % 5]}方面")
        for k in range(3):
            kind = [NUMBERED, IN_WORDS, VAGUE][(index + k) % 3]
            lines.append(f"{ORDINALS[k]}是" + "".join(fill(rng.choice(kind)) for _ in range(6)))
        index += 1
    lines += ["三、原因剖析", "一是理想信念有所松懈，思想上把业务当硬任务、把学习当软任务。", "四、整改措施"]
    k = 0
    while sum(len(x) + 1 for x in lines) < chars:
        lines.append(f"{ORDINALS[k % 10]}是" + fill(rng.choice(MEASURES)))
        k += 1
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--materials", type=int, default=200)
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="forget the clauses jieba cut before each material (as if no clause recurred between materials)",
    )
    args = parser.parse_args(argv)
    from duizhao.cli.review_batch import _row, gather
    from duizhao.review.batch import worst_first, write_xlsx
    from duizhao.review.events import _tag_block, tag

    def row(name: str, path: Path):
        if args.cold:
            _tag_block.cache_clear()
        return _row(name, path, None, None)

    rng = random.Random(10)
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.materials):
            Path(folder, f"{number:04d}.txt").write_text(material(rng, number, args.chars), encoding="utf-8")
        started = time.perf_counter()
        tag("预热")  # jieba's dictionary, loaded once per process
        warmup = time.perf_counter() - started
        started, cpu_started = time.perf_counter(), time.process_time()
        rows = worst_first([row(name, path) for name, path in gather([folder])])
        write_xlsx(rows, Path(folder, "汇总.xlsx"))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    levels = {level: sum(1 for r in rows if r.level == level) for level in {r.level for r in rows}}
    # CPU seconds of this one process: the figure for "one core" on a machine other work shares
    print(
        json.dumps(
            {
                "materials": len(rows),
                "chars_each": args.chars,
                "cold": args.cold,
                "cpu_seconds": round(cpu, 2),
                "materials_per_cpu_second": round(len(rows) / cpu, 1),
                "target": 50,
                "wall_seconds": round(elapsed, 2),
                "materials_per_wall_second": round(len(rows) / elapsed, 1),
                "jieba_load_seconds": round(warmup, 2),
                "levels": levels,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
