"""The clerk's opinion list is paginated (100 a page) and stays ordered by aspect and text across
pages, never by arrival; the per-aspect and per-member counts cover all opinions, not one page."""

import re

from django.urls import reverse


def _add(meeting, members, count):
    from duizhao.web.workbench.models import Opinion

    aspects = ["work_style", "", "theory_study"]
    rows = [
        Opinion(
            meeting=meeting,
            text=f"意见{(n * 7919) % count:04d}：建议改进调研方式",
            source="public_form",
            received_on=meeting.planned_date,
            aspect_id=aspects[n % 3],
            target_member=members[1] if n % 5 == 0 else None,
        )
        for n in range(count)
    ]
    Opinion.objects.bulk_create(rows)
    return rows


def _texts(html):
    return re.findall(r"意见\d{4}：建议改进调研方式", html)


def test_opinion_list_is_paginated_in_aspect_and_text_order(login, users, meeting, members):
    from duizhao.web.workbench.models import Opinion

    _add(meeting, members, 230)
    client = login(users["clerk"])
    url = reverse("opinions", args=[meeting.pk])
    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2, 3)]
    shown = [_texts(page) for page in pages]
    assert [len(texts) for texts in shown] == [100, 100, 30]
    expected = [o.text for o in Opinion.objects.filter(meeting=meeting).order_by("aspect_id", "text")]
    assert shown[0] + shown[1] + shown[2] == expected
    assert "第 1 / 3 页" in pages[0] and "下一页" in pages[0] and "上一页" in pages[2]
    # the whole-list counts, not the page's: 46 of 230 opinions are about 李华 (every fifth)
    assert re.search(r"<td>针对本人的意见</td><td>0</td><td>46</td><td>0</td>", pages[0])
    assert "未分类（77 条）" in pages[0] and "（76 条，本页 23 条）" in pages[0]


def test_page_links_keep_the_aspect_filter(login, users, meeting, members):
    _add(meeting, members, 330)
    client = login(users["clerk"])
    html = client.get(reverse("opinions", args=[meeting.pk]), {"aspect": "work_style"}).content.decode()
    assert len(_texts(html)) == 100
    assert "?aspect=work_style&amp;page=2" in html
    beyond = client.get(reverse("opinions", args=[meeting.pk]), {"aspect": "work_style", "page": 99})
    assert beyond.status_code == 200 and len(_texts(beyond.content.decode())) == 10


def test_unsure_automatic_aspects_are_marked_for_the_clerk(login, users, meeting, members):
    """Below opinion_keywords.toml check_below (0.8) an automatic aspect says 请核对; one the clerk
    confirmed, or one at 0.8, does not; the count covers the whole list."""
    from duizhao.web.workbench.models import Opinion

    rows = [
        ("意见A：调研走过场", "work_style", 0.79, False),
        ("意见B：学习流于形式", "theory_study", 0.8, False),
        ("意见C：接待超标准", "work_style", 0.4, True),
        ("意见D：食堂饭菜贵", "", 0.0, False),
    ]
    Opinion.objects.bulk_create(
        Opinion(
            meeting=meeting,
            text=text,
            source="public_form",
            received_on=meeting.planned_date,
            aspect_id=aspect,
            aspect_confidence=confidence,
            aspect_confirmed=confirmed,
        )
        for text, aspect, confidence, confirmed in rows
    )
    html = login(users["clerk"]).get(reverse("opinions", args=[meeting.pk])).content.decode()
    marked = re.findall(r"(意见[A-D])：.*?</tr>", html, flags=re.S)
    unsure = [name for name in marked if re.search(rf"{name}：(?:(?!</tr>).)*aspect-unsure", html, flags=re.S)]
    assert sorted(marked) == ["意见A", "意见B", "意见C", "意见D"] and unsure == ["意见A"]
    assert "1 条意见的自动归类把握不大" in html
    member_view = login(users["member"]).get(reverse("opinions", args=[meeting.pk]))
    assert member_view.status_code == 200 and 'id="unsure-count"' not in member_view.content.decode()
