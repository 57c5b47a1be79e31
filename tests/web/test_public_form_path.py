"""The public opinion form's fast path: the thank-you answer rendered once per link (and still
naming the right member), the opinion summary counted by the database, concurrent submissions
from several threads (each one stored), and the form open to a logged-in account that
still has to change its password."""

import threading
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def links(meeting, members):
    from duizhao.web.workbench.models import Solicitation

    return {
        "team": Solicitation.objects.create(meeting=meeting),
        "li": Solicitation.objects.create(meeting=meeting, member=members[1]),
        "wang": Solicitation.objects.create(meeting=meeting, member=members[2]),
    }


def _submit(client, link, text):
    return client.post(reverse("public_opinion", args=[link.token]), {"text": text})


def test_each_link_thanks_in_its_own_words_and_sets_no_session(client, links):
    from duizhao.web.workbench.models import Opinion

    for _ in range(2):  # the second answer comes from the per-link cache
        answers = {name: _submit(client, link, "建议改进会风文风，少开会开短会。") for name, link in links.items()}
        for response in answers.values():
            assert response.status_code == 200 and "提交成功" in response.content.decode()
            assert "sessionid" not in response.cookies
            assert response["Cache-Control"].startswith("max-age=0")  # never_cache still applies
        assert "领导班子" in answers["team"].content.decode()
        assert "李华同志" in answers["li"].content.decode() and "王强" not in answers["li"].content.decode()
        assert "王强同志" in answers["wang"].content.decode() and "李华" not in answers["wang"].content.decode()
    assert Opinion.objects.count() == 6


def test_thanks_follow_a_renamed_member(client, links, members):
    assert "李华同志" in _submit(client, links["li"], "建议多到基层调研。").content.decode()
    members[1].name = "李新华"
    members[1].save()
    assert "李新华同志" in _submit(client, links["li"], "建议多到基层调研。").content.decode()


def test_opinion_summary_counts_match_the_rows(meeting, members):
    from duizhao.web.workbench import models as m
    from duizhao.web.workbench import services

    rows = [
        ("work_style", "box", None, False, None),
        ("work_style", "box", members[1], True, None),
        ("work_style", "public_form", members[1], False, members[1]),
        ("", "seminar", None, False, None),
        ("no_such_aspect", "public_form", members[2], False, members[2]),
    ]
    for i, (aspect, source, target, by_team, claimer) in enumerate(rows):
        m.Opinion.objects.create(
            meeting=meeting,
            text=f"意见{i}",
            source=source,
            received_on=date(2024, 1, 2),
            aspect_id=aspect,
            target_member=target,
            claimed_by_team=by_team,
            claimed_member=claimer,
        )
    summary = services.opinion_summary(meeting)
    assert summary["total"] == 5
    assert summary["claimed"] == 3 and summary["unclaimed"] == 2
    assert summary["to_team"] == 2 and summary["to_members"] == 3
    assert summary["by_aspect"] == {"工作作风": 3, "未分类": 2}
    assert summary["by_source"] == {"意见箱": 2, "网上征求意见": 2, "座谈会": 1}


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_are_all_stored(links):
    from django.core.cache import cache
    from django.db import connections

    from duizhao.web.throttle import opinion_rate
    from duizhao.web.workbench.models import Opinion

    allowed, _ = opinion_rate()
    per_client = min(4, allowed) if allowed else 4
    answers: list[int] = []

    def submitter(n):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")  # six clients, each within the rate limit
        try:
            for k in range(per_client):
                answers.append(_submit(client, links["li"], f"并发提交的意见{n}-{k}：建议改进调研方式。").status_code)
        finally:
            connections.close_all()

    cache.clear()
    threads = [threading.Thread(target=submitter, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache.clear()
    assert answers == [200] * (6 * per_client)
    assert Opinion.objects.count() == 6 * per_client


def test_form_open_to_an_account_that_must_change_its_password(login, users, links):
    from duizhao.web.workbench.models import AccountState

    AccountState.objects.create(user=users["clerk"], must_change_password=True)
    client = login(users["clerk"])
    assert client.get(reverse("home")).status_code == 302  # elsewhere: sent to change the password
    response = client.get(reverse("public_opinion", args=[links["team"].token]))
    assert response.status_code == 200 and "不记录" in response.content.decode()
