"""An anonymous opinion leaves no trace of its giver: not in the database file (SQLite bytes incl.
WAL), not in the logs, not in the order of rows, not in a session. Submitted through the real form."""

import logging
import re
import time
from datetime import UTC, datetime, timedelta
from datetime import timezone as tz
from pathlib import Path

import pytest
from django.db import connection
from security_world import build_team, make_user

ADDRESS = "10.213.47.199"
AGENT = "Mozilla/5.0 AGENT-MARKER-7f3e9c"


def time_patterns(start: datetime, end: datetime) -> list[bytes]:
    """Every way a moment between start and end (to the second) could be written, UTC and local."""
    patterns = []
    moment = start.replace(microsecond=0)
    while moment <= end + timedelta(seconds=1):
        for zone in (UTC, tz(timedelta(hours=8))):
            local = moment.astimezone(zone)
            for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%H:%M:%S"):
                patterns.append(local.strftime(fmt).encode())
        patterns.append(str(int(moment.timestamp())).encode())
        moment += timedelta(seconds=1)
    return patterns


def database_bytes() -> bytes:
    connection.close()  # let SQLite write everything it holds
    path = Path(connection.settings_dict["NAME"])
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def address_forms(address: str) -> list[bytes]:
    import ipaddress

    packed = ipaddress.ip_address(address).packed
    return [address.encode(), address.encode("utf-16-le"), packed, packed[::-1]]


@pytest.fixture
def solicitation(transactional_db):
    from duizhao.web.workbench.models import Solicitation

    _, members, meeting = build_team("某县局党组")
    return Solicitation.objects.create(meeting=meeting, member=members[1])


def submit(client, token: str, text: str, address: str = ADDRESS):
    return client.post(f"/yijian/{token}/", {"text": text}, REMOTE_ADDR=address, HTTP_USER_AGENT=AGENT)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the SQLite file and its rowid")
def test_form_stores_nothing_about_the_giver(client, solicitation, caplog):
    from duizhao.web.workbench.models import Opinion

    caplog.set_level(logging.DEBUG)
    time.sleep(1.1)  # set-up writes happen in an earlier second than the submission
    start = datetime.now(UTC)
    page = client.get(f"/yijian/{solicitation.token}/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    assert page.status_code == 200
    texts = [f"建议领导班子成员多到基层一线听取意见，第{i}条具体建议" for i in range(5)]
    for text in texts:
        response = submit(client, solicitation.token, text)
        assert response.status_code == 200 and "感谢" in response.content.decode()
        assert "sessionid" not in response.cookies
    end = datetime.now(UTC)

    assert Opinion.objects.count() == 5
    field_types = {f.get_internal_type() for f in Opinion._meta.concrete_fields}
    assert not field_types & {"DateTimeField", "TimeField", "GenericIPAddressField", "IPAddressField"}
    assert {o.received_on for o in Opinion.objects.all()} <= {
        start.astimezone(tz(timedelta(hours=8))).date(),
        end.astimezone(tz(timedelta(hours=8))).date(),
    }
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 0

    data = database_bytes()
    assert texts[0].encode() in data, "the search must see the opinions themselves"
    for needle in address_forms(ADDRESS) + [b"AGENT-MARKER-7f3e9c"] + time_patterns(start, end):
        assert needle not in data, f"{needle!r} found in the database file"
    logs = caplog.text
    assert ADDRESS not in logs and "AGENT-MARKER" not in logs


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the SQLite file and its rowid")
def test_row_order_does_not_reveal_submission_order(client, solicitation):
    from duizhao.web.workbench.models import Opinion

    texts = [f"意见{n:02d}：请加强对下属单位的指导" for n in range(20)]
    for n, text in enumerate(reversed(texts)):  # submitted in reverse alphabetical order, by 20 people
        assert submit(client, solicitation.token, text, address=f"10.0.0.{n + 1}").status_code == 200
    listed = [o.text for o in Opinion.objects.all()]
    assert listed == sorted(listed), "the default order is by aspect and content, not by time"
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT text FROM "{Opinion._meta.db_table}" ORDER BY rowid')
        physical = [row[0] for row in cursor.fetchall()]
    assert physical not in (texts, list(reversed(texts))), "SQLite rowid still follows insertion order"


def test_members_never_see_who_criticised_them_outside_the_record(client, transactional_db):
    """Opinion pages show no giver, and the member's pages never name the criticising member."""
    from duizhao.web.workbench.models import Solicitation

    team, members, meeting = build_team("某县局党组")
    member_user = make_user("member", team, "member", member=members[1])
    link = Solicitation.objects.create(meeting=meeting, member=members[1])
    assert submit(client, link.token, "希望李华同志多深入基层调研").status_code == 200
    Solicitation.objects.filter(pk=link.pk).update(is_open=False)  # collection closed: members see it
    client.force_login(member_user)
    page = client.get(f"/meetings/{meeting.pk}/opinions/").content.decode()
    assert "希望李华同志多深入基层调研" in page
    assert ADDRESS not in page and "AGENT-MARKER" not in page
    assert not re.search(r"\d{1,2}:\d{2}:\d{2}", page), "no time of day next to opinions"


@pytest.mark.slow
def test_real_server_keeps_no_trace_of_the_giver(tmp_path):
    """`duizhao serve` (waitress) with a distinctive client address (any 127.x.y.z is loopback)."""
    from live_server import Browser, Server, prepare

    data, logs = tmp_path / "data", tmp_path / "logs"
    token = prepare(data)["token"]
    server = Server(data, logs).start()
    source = "127.83.41.17"
    try:
        browser = Browser(server.port, source=source, agent=AGENT)
        time.sleep(1.1)
        start = datetime.now(UTC)
        assert browser.get(f"/yijian/{token}/")[0] == 200
        texts = [f"请班子成员改进会风文风，真实服务器第{i}条" for i in range(5)]
        for text in texts:
            status, body = browser.post(f"/yijian/{token}/", {"text": text})
            assert status == 200 and "感谢" in body
        assert "sessionid" not in browser.cookies
        end = datetime.now(UTC)
    finally:
        server.stop()
    files = [p for p in list(data.rglob("*")) + list(logs.rglob("*")) if p.is_file()]
    everything = b"".join(p.read_bytes() for p in files)
    assert texts[0].encode() in everything
    assert any(p.name.endswith((".out", ".err")) for p in files)
    for needle in address_forms(source) + [b"AGENT-MARKER-7f3e9c"] + time_patterns(start, end):
        holders = [str(p) for p in files if needle in p.read_bytes()]
        assert not holders, f"{needle!r} found in {holders}"


def test_criticisms_appear_only_in_the_meeting_record(client, transactional_db):
    """A member sees who criticised him only in the meeting record (会议记录), nowhere else."""
    from duizhao.web.workbench.models import Criticism, Material

    team, members, meeting = build_team("某县局党组")
    receiver_user = make_user("receiver", team, "member", member=members[1])
    Criticism.objects.create(meeting=meeting, giver=members[2], receiver=members[1], text="批评标记Q7：调研走过场")
    material = Material.objects.create(meeting=meeting, member=members[1])
    client.force_login(receiver_user)
    pages = [
        "/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/dashboard.json",
        f"/meetings/{meeting.pk}/opinions/",
        f"/meetings/{meeting.pk}/materials/",
        f"/materials/{material.pk}/",
        f"/meetings/{meeting.pk}/talks/",
        f"/meetings/{meeting.pk}/ledger/",
        f"/meetings/{meeting.pk}/reports/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        assert "批评标记Q7" not in response.content.decode(), url


def test_the_admin_offers_no_view_of_opinions(client, transactional_db):
    admin = make_user("root", superuser=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/workbench/opinion/").status_code == 404
    assert "/admin/workbench/opinion/" not in client.get("/admin/").content.decode()
