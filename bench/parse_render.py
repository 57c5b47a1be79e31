"""Parse and render speed (not a test): prints figures against the targets
parse ≥ 2 MB/s on one core, and rendering a 10,000-character material to .docx ≤ 0.3 s.

    .venv/bin/python bench/parse_render.py [--mb 5] [--runs 7]

The input is generated from a phrase bank written for this script (no real material)."""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time

ASPECTS = [
    "带头强化政治忠诚、提高政治能力",
    "带头固本培元、增强党性",
    "带头敬畏人民、敬畏组织、敬畏法纪",
    "带头干事创业、担当作为",
    "带头坚决扛起管党治党责任",
]
ORDINALS = "一二三四五六七八九十"
SUBJECTS = ["班子", "党组", "分管股室", "执法大队", "登记中心", "规划股", "乡镇所", "办公室"]
VERBS = ["研究部署", "督促检查", "跟踪问效", "统筹推进", "集中整治", "专题调度", "逐项销号", "实地核查"]
OBJECTS = [
    "耕地保护任务",
    "卫片图斑整改",
    "不动产登记窗口",
    "重点项目建设",
    "执法案卷评查",
    "批而未供土地",
    "生态修复工程",
    "廉政风险排查",
    "青年干部谈心",
    "公务用车管理",
]
GAPS = ["落实不够到位", "跟踪问效不够", "办法措施不多", "标准要求不高", "推进速度偏慢", "群众反映较多"]
PLACES = ["城关镇", "青竹镇", "白岩乡", "河湾村", "城北园区", "石门社区"]


def sentence(rng: random.Random) -> str:
    month, count = rng.randint(1, 12), rng.randint(2, 180)
    return (
        f"{rng.choice(SUBJECTS)}在{month}月{rng.choice(VERBS)}{rng.choice(OBJECTS)}时"
        f"{rng.choice(GAPS)}，{rng.choice(PLACES)}累计{count}件（次）未按期办结。"
    )


def material_text(rng: random.Random, target_chars: int) -> str:
    """One material of about `target_chars` characters in the usual outline."""
    lines = [
        "青川县某局党组领导班子",
        "2025年度民主生活会对照检查材料",
        "（2025年12月26日）",
        "会前共征求意见建议" + str(rng.randint(20, 90)) + "条，开展谈心谈话" + str(rng.randint(20, 60)) + "人次。",
    ]
    lines.append("一、存在的主要问题")
    index = 0
    while sum(len(line) + 1 for line in lines) < target_chars * 0.7:
        aspect = ASPECTS[index % len(ASPECTS)]
        parts = [f"{ORDINALS[k]}是{sentence(rng)}{sentence(rng)}" for k in range(3)]
        lines.append(f"（{ORDINALS[index % 10]}）在{aspect}方面。" + "".join(parts))
        index += 1
    lines.append("二、问题产生的原因")
    for k in range(4):
        lines.append(f"（{ORDINALS[k]}）思想认识有偏差。" + sentence(rng))
    lines.append("三、整改措施")
    k = 0
    while sum(len(line) + 1 for line in lines) < target_chars:
        lines.append(
            f"（{ORDINALS[k % 10]}）{rng.choice(VERBS)}{rng.choice(OBJECTS)}。"
            f"{sentence(rng)}（责任领导：周立新；完成时限：2026年{rng.randint(1, 12)}月底前）"
        )
        k += 1
    return "\n".join(lines) + "\n"


def big_input(megabytes: float, rng: random.Random) -> str:
    chunks, size = [], 0
    while size < megabytes * 1024 * 1024:
        chunk = material_text(rng, 8000)
        chunks.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "\n".join(chunks)


def bench_parse(text: str) -> None:
    from duizhao.parse import parse_text

    size_mb = len(text.encode("utf-8")) / 1024 / 1024
    walls, cpus = [], []
    for _ in range(3):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        parse_text(text, name="bench")
        walls.append(time.perf_counter() - wall_start)
        cpus.append(time.process_time() - cpu_start)
    # CPU time is the one-core figure; wall time also counts waiting for a busy machine's cores.
    cpu_rate, wall_rate = size_mb / min(cpus), size_mb / min(walls)
    verdict = "达标" if cpu_rate >= 2 else "未达标"
    print(
        f"解析：{size_mb:.1f} MB，单核 CPU 吞吐 {cpu_rate:.2f} MB/s（目标 ≥ 2 MB/s，{verdict}）；"
        f"墙钟吞吐 {wall_rate:.2f} MB/s（3 次取最好）"
    )


def bench_render(rng: random.Random, runs: int) -> None:
    from duizhao.parse import parse_text
    from duizhao.render.docx import render_docx

    text = material_text(rng, 10_000)
    material = parse_text(text, name="bench")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render_docx(material, io.BytesIO())
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    verdict = "达标" if median <= 0.3 else "未达标"
    print(
        f"排版：{len(text)} 字材料生成 .docx，{runs} 次中位数 {median * 1000:.0f} ms"
        f"（最快 {min(times) * 1000:.0f} ms；目标 ≤ 300 ms，{verdict}）"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0, help="解析测试输入大小（MB）")
    parser.add_argument("--runs", type=int, default=7, help="排版重复次数")
    args = parser.parse_args(argv)
    rng = random.Random(9704)
    bench_parse(big_input(args.mb, rng))
    bench_render(rng, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
