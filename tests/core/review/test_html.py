"""render_html: offline, escaped, every annotation highlighted, listed and linked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from duizhao.model import Annotation, Material
from duizhao.render.html import render_html

HOSTILE = '青石县<script>alert("x")</script>局&班子\n一是学习不深。<img src=x onerror=alert(1)>'


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def page(annotations, text=HOSTILE, **kw):
    return render_html(Material(text=text), annotations, title="审读<结果>", **kw)


def test_escapes_material_text_and_title():
    html = page([Annotation(0, 3, "备注<b>粗</b>", category="residue.placeholder")])
    collector = Collector()
    collector.feed(html)
    assert "script" not in collector.tags and "img" not in collector.tags
    assert "&lt;script&gt;" in html and "审读&lt;结果&gt;" in html and "备注&lt;b&gt;" in html


def test_offline_no_external_resources():
    html = page([Annotation(0, 3, "x")])
    collector = Collector()
    collector.feed(html)
    assert not {"link", "script", "iframe", "img"} & set(collector.tags)
    for name, value in collector.attrs:
        assert not re.match(r"\s*(https?:|//|data:|javascript:)", value or ""), (name, value)
    assert "url(" not in html and "@import" not in html


def test_each_annotation_is_highlighted_listed_and_linked():
    text = "第一句话有问题。第二句话也有问题。"
    annotations = [
        Annotation(0, 8, "整句的批注", category="specificity.no_example"),
        Annotation(2, 4, "词的批注", category="residue.placeholder"),
        Annotation(8, 16, "第二句", category="copy"),
    ]
    html = page(annotations, text=text)
    for number in (1, 2, 3):
        assert f'id="a{number}"' in html and f'href="#a{number}"' in html
        assert f'id="n{number}"' in html and f'href="#n{number}"' in html
    # the overlapped words carry both remarks on hover and the narrower one's colour
    overlapped = re.search(r'<mark[^>]*title="([^"]*)"[^>]*>句话</mark>', html)
    assert overlapped and "整句的批注" in overlapped.group(1) and "词的批注" in overlapped.group(1)
    assert "#f8b4b4" in html  # residue colour
    assert html.count("<mark") == 4  # 第一 | 句话 | 有问题。 | 第二句话也有问题


def test_spans_out_of_range_are_clipped_and_empty_text_works():
    html = page([Annotation(5, 999, "越界"), Annotation(-3, 2, "负数")], text="短文本")
    assert "越界" in html and "负数" in html
    assert "<!DOCTYPE html>" in page([], text="")


def test_summary_is_included():
    assert '<p class="s">已审读</p>' in page([], summary_html='<p class="s">已审读</p>')
