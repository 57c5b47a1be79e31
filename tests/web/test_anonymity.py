"""The public opinion form stores nothing that identifies the giver: submit through the real
form, then search the whole SQLite file for the address, the browser and the exact time."""

from datetime import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

ADDRESS = "203.0.113.77"
BROWSER = "Mozilla/5.0 UniqueTestBrowser/7.3.1-anonymity-probe"


@pytest.fixture
def solicitation(meeting, members):
    from duizhao.web.workbench.models import Solicitation

    return Solicitation.objects.create(meeting=meeting, member=members[1])


def _submit(client, solicitation, text):
    return client.post(
        reverse("public_opinion", args=[solicitation.token]),
        {"text": text},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
    )


@pytest.mark.django_db(transaction=True)
def test_public_form_leaves_no_trace_of_the_giver(client, solicitation):
    from django.contrib.sessions.models import Session

    from duizhao.web.workbench.models import Opinion

    page = client.get(
        reverse("public_opinion", args=[solicitation.token]), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER
    )
    assert "不记录" in page.content.decode()  # the form says what is stored
    before = datetime.now()
    response = _submit(client, solicitation, "李华同志下基层调研少，对乡镇所困难了解不够。")
    assert response.status_code == 200 and "提交成功" in response.content.decode()
    opinion = Opinion.objects.get()
    assert opinion.target_member == solicitation.member and opinion.source == "public_form"
    assert Session.objects.count() == 0
    assert "sessionid" not in response.cookies
    # no field holds a time of day, an address or a browser
    assert not any(f.get_internal_type() == "DateTimeField" for f in Opinion._meta.fields)
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database = Path(connection.settings_dict["NAME"])
    raw = b"".join(p.read_bytes() for p in [database, Path(f"{database}-wal")] if p.exists())
    assert "李华同志下基层调研少".encode() in raw  # the search does see what was written
    assert ADDRESS.encode() not in raw
    assert b"UniqueTestBrowser" not in raw
    for moment in {before, datetime.now()}:
        for form in (moment.strftime("%Y-%m-%d %H:%M"), moment.strftime("%Y-%m-%dT%H:%M"), moment.strftime("%H:%M:%S")):
            assert form.encode() not in raw, form


def test_opinions_are_listed_by_aspect_and_text_not_by_arrival(client, login, users, solicitation):
    from duizhao.web.workbench.models import Opinion

    arrival = ["乙意见：会议多文件多，基层负担重。", "甲意见：调研少，情况掌握不够。", "丙意见：批评不够辣。"]
    for text in arrival:
        _submit(client, solicitation, text)
    Opinion.objects.update(aspect_id="work_style")  # one aspect, so only the text orders the list
    assert Opinion._meta.pk.get_internal_type() == "UUIDField"
    html = login(users["clerk"]).get(reverse("opinions", args=[solicitation.meeting.pk])).content.decode()
    shown = sorted(arrival, key=html.index)
    assert shown == sorted(arrival) and shown != arrival


def test_closed_link_accepts_nothing(client, solicitation):
    from duizhao.web.workbench.models import Opinion

    solicitation.is_open = False
    solicitation.save()
    response = _submit(client, solicitation, "关闭后提交的意见不应保存。")
    assert response.status_code == 410 and Opinion.objects.count() == 0


def test_unknown_link_is_404(client, db):
    assert client.get("/yijian/no-such-token/").status_code == 404


def test_poster_has_qr_svg_and_the_link(login, users, solicitation):
    html = login(users["clerk"]).get(reverse("solicitation_poster", args=[solicitation.pk])).content.decode()
    assert "<svg" in html and f"/yijian/{solicitation.token}/" in html
