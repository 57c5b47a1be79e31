"""`duizhao corpus add|list|remove|upgrade`: manage the copy-check archive (查重文库)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

HELP = "管理查重文库：add / list / remove / upgrade"
CLASS_CHOICES = ("own", "template", "official")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="操作", required=True)
    add = actions.add_parser("add", help="把材料加入文库", description="把材料加入文库（文档名即文件名）")
    add.add_argument("--corpus", required=True, metavar="DIR", help="文库文件夹（不存在则新建）")
    add.add_argument("files", nargs="+", metavar="FILE", help="要加入的材料文件")
    add.add_argument("--unit", help="单位")
    add.add_argument("--author", help="作者（个人材料的班子成员姓名）")
    add.add_argument("--year", type=int, help="年度，如 2023")
    add.add_argument("--kind", choices=("team", "personal"), help="班子材料 team / 个人材料 personal")
    add.add_argument(
        "--class",
        dest="doc_class",
        choices=CLASS_CHOICES,
        default="own",
        help="own 本单位文档（默认）/ template 公开范文 / official 官方文件（算引用，不算复制）",
    )
    add.add_argument(
        "--wait",
        type=float,
        default=60,
        metavar="秒",
        help="另一个程序正在写入文库时最多等待的秒数（默认 60），超时则放弃并提示",
    )
    add.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="同时建立索引的进程数（默认 1）。一次加入超过 10 万篇时可设为 CPU 核数；每个进程建一段 10 万篇约需 5–10 GB 内存",
    )
    listing = actions.add_parser("list", help="列出文库中的文档")
    listing.add_argument("--corpus", required=True, metavar="DIR")
    listing.add_argument("--json", action="store_true", help="输出 JSON")
    remove = actions.add_parser("remove", help="从文库删除文档")
    remove.add_argument("--corpus", required=True, metavar="DIR")
    remove.add_argument("names", nargs="+", metavar="NAME", help="文档名（加入时的文件名）")
    upgrade = actions.add_parser(
        "upgrade",
        help="把旧版 duizhao 建的文库转换为本版格式",
        description="用文库自己保存的文本和元数据重建索引，不必重新加入文件；中断后文库仍是旧的，可再运行",
    )
    upgrade.add_argument("--corpus", required=True, metavar="DIR")
    upgrade.add_argument("--workers", type=int, default=1, metavar="N", help="同时建立索引的进程数（默认 1）")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from duizhao.copycheck import Corpus
    from duizhao.copycheck.corpus import DOC_CLASS_NAMES, CorpusEntry
    from duizhao.copycheck.inputs import load_material

    if args.action == "add":
        if args.workers < 1:
            from duizhao.errors import InputError

            raise InputError(None, "--workers 至少为 1")
        corpus = Corpus(args.corpus)
        corpus.lock_wait = max(0.0, args.wait)

        def entries() -> Iterator[CorpusEntry]:  # read one file at a time: a large import never holds every material
            for file in args.files:
                material = load_material(file)
                yield {
                    "item": material,
                    "name": Path(file).name,
                    "unit": args.unit or material.unit,
                    "author": args.author or material.author,
                    "year": args.year or material.year,
                    "kind": args.kind or (material.kind if material.kind != "unknown" else None),
                    "doc_class": args.doc_class,
                }

        added = corpus.add_many(entries(), workers=args.workers)
        for info in added:
            print(f"已加入：{info.name}（{DOC_CLASS_NAMES[info.doc_class]}，{info.chars} 字）")
        print(f"文库现有 {len(corpus)} 篇文档。")
        return 0
    if not Path(args.corpus).is_dir():
        from duizhao.errors import InputError

        raise InputError(args.corpus, "文库文件夹不存在")
    if args.action == "upgrade":
        return _upgrade(args)
    corpus = Corpus(args.corpus)
    if args.action == "list":
        documents = sorted(corpus.list(), key=lambda d: d.name)
        if args.json:
            from dataclasses import asdict

            print(json.dumps([asdict(d) for d in documents], ensure_ascii=False, indent=1))
            return 0
        for d in documents:
            details = "，".join(
                str(x)
                for x in (
                    DOC_CLASS_NAMES[d.doc_class],
                    d.unit,
                    d.author,
                    f"{d.year}年" if d.year else None,
                    f"{d.chars} 字",
                )
                if x
            )
            print(f"{d.name}（{details}）")
        print(f"共 {len(documents)} 篇。")
        return 0
    for name in args.names:
        corpus.remove(name)
        print(f"已删除：{name}")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    from duizhao.copycheck.upgrade import upgrade_corpus
    from duizhao.errors import InputError

    if args.workers < 1:
        raise InputError(None, "--workers 至少为 1")
    converted = upgrade_corpus(args.corpus, workers=args.workers)
    if converted is None:
        print("文库已是本版格式，不需要转换。")
    else:
        print(f"已转换：{converted} 篇文档，索引已按本版格式重建。")
    return 0
