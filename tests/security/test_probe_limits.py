"""Issue 13, low findings: request bodies without a cap, and schedule offsets that gave a 500."""

import pytest
from django.test import Client


def test_the_public_form_refuses_a_large_body_before_reading_it(world):
    from duizhao.web.workbench.models import Opinion, Solicitation

    token = Solicitation.objects.create(meeting=world["meeting"]).token
    response = Client().post(f"/yijian/{token}/", {"text": "意" * 60_000}, REMOTE_ADDR="10.4.4.4")
    assert response.status_code == 413 and "过大" in response.content.decode()
    assert Opinion.objects.count() == 0
    assert Client().post(f"/yijian/{token}/", {"text": "请多下基层调研"}, REMOTE_ADDR="10.4.4.5").status_code == 200


def test_other_pages_cap_bodies_at_the_upload_limit(world):
    from duizhao.safety import limits

    client = Client()
    client.force_login(world["clerk"])
    big = b"x" * (limits().request_max_bytes + 1)
    response = client.generic(
        "POST", f"/meetings/{world['meeting'].pk}/opinions/import/", big, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    response = client.generic("POST", "/login/", b"", content_type="text/plain", CONTENT_LENGTH="-1")
    assert response.status_code == 413


def test_waitress_is_given_the_same_cap():
    import socket

    from duizhao.safety import limits
    from duizhao.web.boot import make_server

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    server = make_server(sock, threads=1)
    try:
        assert server.adj.max_request_body_size == limits().request_max_bytes
    finally:
        server.close()


NASTY_OFFSETS = [
    "²",
    "999999999999",
    "-999999999999",
    "１２",
    "١٢",
    "1e3",
    "0x10",
    "+5",
    "5.5",
    "--3",
    " ",
    "\x00",
    "-",
    "367",
    "-367",
    "三十",
]


@pytest.mark.parametrize("value", NASTY_OFFSETS)
def test_no_schedule_offset_gives_a_500(world, value):
    team, meeting = world["team"], world["meeting"]
    client = Client(raise_request_exception=False)
    client.force_login(world["clerk"])
    response = client.post(
        f"/teams/{team.pk}/settings/", {"quorum_ratio": "2/3", "offset_plan_to_parent": value}, follow=True
    )
    assert response.status_code == 200
    team.refresh_from_db()
    if value.strip() and value not in ("-",):
        assert "plan_to_parent" not in team.schedule_offsets
        assert "日程设置未保存" in response.content.decode()
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200


def test_a_valid_offset_is_kept(world):
    team = world["team"]
    client = Client()
    client.force_login(world["clerk"])
    client.post(f"/teams/{team.pk}/settings/", {"quorum_ratio": "2/3", "offset_plan_to_parent": "-7"})
    team.refresh_from_db()
    assert team.schedule_offsets == {"plan_to_parent": -7}


def test_a_stored_huge_offset_no_longer_breaks_the_meeting_page(world):
    team, meeting = world["team"], world["meeting"]
    team.schedule_offsets = {"plan_to_parent": 999999999999, "study": "²"}
    team.save()
    client = Client(raise_request_exception=False)
    client.force_login(world["clerk"])
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
