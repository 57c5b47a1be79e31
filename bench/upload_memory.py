"""Memory and time of checking hostile and worst-case uploads (issue 13: "memory by upload").

Each case runs in a fresh child process: peak resident memory above the baseline after imports
(VmHWM − VmRSS before) and wall time of `validate_upload`, and for accepted materials of
`read_document` too. Then eight of the heaviest accepted uploads are checked at once in eight
threads of one process, as waitress would. Target: any accepted upload < 200 MB and < 5 s.

    flock /tmp/duizhao-bench.lock .venv/bin/python bench/upload_memory.py
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "security"))

MB = 1_000_000


def _memory(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        pass


def docx_with_parts(parts: dict[str, bytes]) -> bytes:
    from hostile import good_docx, rezip

    return rezip(good_docx(), add=parts)


def xml_part(megabytes: float, random_share: float = 0.0) -> bytes:
    """WordprocessingML paragraphs of the given size; `random_share` of the runs carry random hex
    text (incompressible: sets the compression ratio)."""
    import random

    plain = b"<w:r><w:t>" + "组织生活会对照检查".encode() * 4 + b"</w:t></w:r>"
    size, pieces, total = int(megabytes * MB), [], 0
    rng = random.Random(13)
    while total < size:
        runs = [
            (b"<w:r><w:t>" + os.urandom(48).hex().encode() + b"</w:t></w:r>") if rng.random() < random_share else plain
            for _ in range(40)
        ]
        paragraph = b"<w:p>" + b"".join(runs) + b"</w:p>"
        pieces.append(paragraph)
        total += len(paragraph)
    return (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + b"".join(pieces)
        + b"</w:body></w:document>"
    )


def cases() -> dict[str, tuple[str, bytes, str]]:
    """name -> (file name, bytes, allowed kinds)."""
    from hostile import real_pdf

    attack = docx_with_parts({"word/part1.xml": xml_part(95, 0.01), "word/part2.xml": xml_part(95, 0.01)})
    largest_document = docx_with_parts({"word/document.xml": xml_part(8.5, 0.3)})
    many_pages = io.BytesIO()
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(real_pdf()))
    for _ in range(3000):
        pdf.add_blank_page()
    pdf.save(many_pages)
    images = docx_with_parts({f"word/media/image{i}.png": os.urandom(4 * MB) for i in range(4)})
    return {
        "attack: two 95 MB XML parts (issue 13)": ("攻击.docx", attack, "material"),
        "accepted: 8.5 MB of XML (near the limit)": ("材料.docx", largest_document, "material"),
        "accepted: PDF of 3000 pages": ("佐证.pdf", many_pages.getvalue(), "evidence"),
        "accepted: docx with 16 MB of pictures": ("佐证.docx", images, "evidence"),
    }


def _allowed(kind: str):
    from duizhao.safety import EVIDENCE_KINDS, MATERIAL_KINDS

    return MATERIAL_KINDS if kind == "material" else EVIDENCE_KINDS


def measure(name: str, data: bytes, kind: str, queue) -> None:
    try:
        _measure(name, data, kind, queue)
    except Exception as error:  # noqa: BLE001  reported, not hidden: the figure table shows it
        queue.put(
            {"bytes": len(data), "ok": False, "reason": f"{type(error).__name__}: {error}", "seconds": 0, "peak_mb": 0}
        )


def _measure(name: str, data: bytes, kind: str, queue) -> None:
    import oletools.olevba  # noqa: F401  (imported once, as in a running server)
    import pikepdf  # noqa: F401

    from duizhao.parse.readers import read_document
    from duizhao.safety import validate_upload

    _reset_peak()
    before = _memory("VmRSS")
    start = time.perf_counter()
    check = validate_upload(name, data, allowed=_allowed(kind), max_bytes=40 * MB)
    result = {
        "bytes": len(data),
        "ok": check.ok,
        "reason": check.reason,
        "seconds": time.perf_counter() - start,
        "peak_mb": (_memory("VmHWM") - before) / MB,
    }
    if check.ok and kind == "material":
        with tempfile.NamedTemporaryFile(suffix=".docx") as handle:
            handle.write(data)
            handle.flush()
            _reset_peak()
            before = _memory("VmRSS")
            start = time.perf_counter()
            read_document(Path(handle.name))
            result.update(parse_seconds=time.perf_counter() - start, parse_peak_mb=(_memory("VmHWM") - before) / MB)
    queue.put(result)


def eight_at_once(name: str, data: bytes, kind: str, queue) -> None:
    import oletools.olevba  # noqa: F401

    from duizhao.safety import validate_upload

    _reset_peak()
    before = _memory("VmRSS")
    start = time.perf_counter()
    threads = [
        threading.Thread(
            target=validate_upload, args=(name, data), kwargs={"allowed": _allowed(kind), "max_bytes": 40 * MB}
        )
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put({"seconds": time.perf_counter() - start, "peak_mb": (_memory("VmHWM") - before) / MB})


def in_child(target, *args) -> dict:
    queue = multiprocessing.get_context("fork").Queue()
    process = multiprocessing.get_context("fork").Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get(timeout=300)
    process.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = {}
    built = cases()
    print(f"{'case':44} {'size':>8} {'result':>8} {'check s':>8} {'check MB':>9} {'parse s':>8} {'parse MB':>9}")
    for label, (name, data, kind) in built.items():
        r = in_child(measure, name, data, kind)
        figures[label] = r
        print(
            f"{label:44} {r['bytes'] / MB:7.1f}M {'accepted' if r['ok'] else 'refused':>8} {r['seconds']:8.2f} "
            f"{r['peak_mb']:9.1f} {r.get('parse_seconds', float('nan')):8.2f} {r.get('parse_peak_mb', float('nan')):9.1f}"
        )
        if not r["ok"]:
            print(f"{'':44} reason: {r['reason']}")
    for label in ("accepted: 8.5 MB of XML (near the limit)", "accepted: PDF of 3000 pages"):
        name, data, kind = built[label]
        r = in_child(eight_at_once, name, data, kind)
        figures[f"eight at once, {label}"] = r
        print(f"{'8 threads at once: ' + label:64} {r['seconds']:8.2f} s {r['peak_mb']:9.1f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
