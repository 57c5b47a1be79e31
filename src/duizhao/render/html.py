"""A self-contained offline HTML page of a material with annotated spans highlighted.

Shared by the review (findings) and the copy check (copied passages). Everything is inline: no
external stylesheet, script, font or image, no URL of any kind, so the page opens on an isolated
machine. All text is escaped; the material may contain HTML or script.

    render_html(material, annotations, title="审读结果", summary_html="<p>…</p>") -> str

Overlapping spans are cut into segments; each segment is one <mark> that carries every remark
covering it (shown on hover) and the colour of the narrowest annotation. Each annotation has an
anchor at its start and an entry in the list below the text, linked both ways."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from duizhao.model import Annotation, Material

# Colour per category family (the part before the first "."), then per severity word.
PALETTE = {
    "residue": "#f8b4b4",
    "terms": "#f5a3c7",
    "coverage": "#fcd9a8",
    "measures": "#fde68a",
    "causes": "#c7e9b0",
    "specificity": "#bfdbfe",
    "problems": "#ddd6fe",
    "criticism": "#fbcfe8",
    "copy": "#fdba74",
    "official": "#d1d5db",
    "common_phrase": "#e5e7eb",
    "error": "#f8b4b4",
    "warning": "#fde68a",
    "info": "#bfdbfe",
}
DEFAULT_COLOUR = "#fef08a"

CSS = """
body{font-family:"Noto Serif CJK SC","Source Han Serif SC","SimSun",serif;margin:0;background:#f6f6f3;color:#222}
header{background:#8b1a1a;color:#fff;padding:.8em 1.5em}
header h1{font-size:1.3em;margin:0}
main{display:flex;flex-wrap:wrap;gap:1.5em;padding:1.5em}
.doc{flex:3 1 36em;background:#fff;padding:2em 2.5em;line-height:2;white-space:pre-wrap;
  font-size:16px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
aside{flex:2 1 22em;font-size:14px}
aside ol{padding-left:1.6em}
aside li{margin:.4em 0;padding:.3em .5em;border-left:6px solid #ccc;background:#fff}
aside li:target,mark:target{outline:2px solid #8b1a1a}
mark{padding:0 .05em;border-radius:2px;cursor:help}
mark.sev-error{border-bottom:2px solid #b91c1c}
mark.sev-warning{border-bottom:2px dashed #b45309}
sup.ref{font-size:.65em;line-height:0;color:#8b1a1a}
sup.ref a{text-decoration:none;color:#8b1a1a}
.summary{margin-bottom:1em}
.quote{color:#555}
table.scores{border-collapse:collapse;margin:.5em 0}
table.scores td,table.scores th{border:1px solid #ddd;padding:.1em .5em;text-align:left}
.legend span{display:inline-block;margin-right:.8em;padding:0 .4em}
@media print{aside{page-break-before:always}}
"""


def colour_of(category: str) -> str:
    family = category.split(".", 1)[0].split(":", 1)[0]
    return PALETTE.get(family, PALETTE.get(category, DEFAULT_COLOUR))


def _severity_of(annotation: Annotation) -> str:
    """Annotations from the review carry the severity as a prefix of the remark: 【错误】…"""
    for word, severity in (("【错误】", "error"), ("【警告】", "warning"), ("【提示】", "info")):
        if annotation.text.startswith(word):
            return severity
    return ""


def _segments(text: str, annotations: list[Annotation]) -> Iterator[tuple[int, int, list[int]]]:
    """Cut text at every annotation boundary: (start, end, indexes of annotations covering it)."""
    cuts = {0, len(text)}
    for a in annotations:
        cuts.update((a.start, a.end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    for start, end in zip(points, points[1:]):
        covering = [i for i, a in enumerate(annotations) if a.start <= start and end <= a.end and a.start < a.end]
        yield start, end, covering


def _clip(annotation: Annotation, length: int) -> Annotation:
    start = max(0, min(annotation.start, length))
    end = max(start, min(annotation.end, length))
    return Annotation(start, end, annotation.text, annotation.author, annotation.category)


def render_html(material: Material, annotations: list[Annotation], *, title: str, summary_html: str = "") -> str:
    """The page. `summary_html` is trusted HTML made by our own code (scores, counts)."""
    text = material.text
    annotations = sorted((_clip(a, len(text)) for a in annotations), key=lambda a: (a.start, -a.end))
    body = _highlighted_text(text, annotations)
    items = _annotation_list(text, annotations)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1></header><main>"
        f'<article class="doc">{body}</article>'
        f'<aside><div class="summary">{summary_html}</div>'
        f"<h2>批注（{len(annotations)} 条）</h2><ol>{items}</ol></aside>"
        "</main></body></html>\n"
    )


def _highlighted_text(text: str, annotations: list[Annotation]) -> str:
    parts = []
    starts: dict[int, list[int]] = {}
    for index, a in enumerate(annotations):
        starts.setdefault(a.start, []).append(index)
    for start, end, covering in _segments(text, annotations):
        anchors = _anchors(starts.pop(start, []))
        chunk = escape(text[start:end])
        if not covering:
            parts.append(anchors + chunk)
            continue
        narrowest = min(covering, key=lambda i: annotations[i].end - annotations[i].start)
        remark = "\n".join(f"{i + 1}. {annotations[i].text}" for i in covering)
        severity = _severity_of(annotations[narrowest])
        parts.append(
            f'{anchors}<mark class="sev-{severity or "none"}" style="background:{colour_of(annotations[narrowest].category)}"'
            f' title="{escape(remark)}">{chunk}</mark>'
        )
    for index_list in starts.values():  # zero-length annotations at the very end
        parts.append(_anchors(index_list))
    return "".join(parts)


def _anchors(indexes: list[int]) -> str:
    """Superscript numbers of the annotations starting here, each linked to its list entry."""
    if not indexes:
        return ""
    links = ",".join(f'<a id="a{i + 1}" href="#n{i + 1}">{i + 1}</a>' for i in indexes)
    return f'<sup class="ref">{links}</sup>'


def _annotation_list(text: str, annotations: list[Annotation]) -> str:
    items = []
    for index, a in enumerate(annotations, start=1):
        quoted = text[a.start : a.end]
        if len(quoted) > 60:
            quoted = quoted[:60] + "……"
        quote_html = f'<div class="quote">“{escape(quoted)}”</div>' if quoted else ""
        items.append(
            f'<li id="n{index}" style="border-left-color:{colour_of(a.category)}">'
            f'<a href="#a{index}">↑</a> {escape(a.text)}{quote_html}</li>'
        )
    return "".join(items)
