"""The attack of issue 13 on the stored opinions: submit opinions in a known order through the
public form, then read where each one sits in the database file, in a backup archive and (on
PostgreSQL) in ctid/xmin and the index pages. After `reshuffle` no structure may follow the
arrival order (|Spearman rho| < 0.2); before it, the same measurement does find the order
(so the test can fail)."""

from __future__ import annotations

import shutil
import sqlite3
import tarfile
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from security_world import build_team
from storage_order import LIMIT, postgresql_structures, sqlite_structures, worst

OPINIONS = 400  # rho of unrelated orders has SD 1/sqrt(n-1) = 0.05: 0.2 is 4 SD, the test is not flaky
MINIMUM = 100  # structures with fewer entries than this are fragments (interior pages)


@pytest.fixture
def submitted(client, transactional_db, settings):
    """200 opinions submitted one after another through the real form; {uuid hex: arrival}."""
    from duizhao.web.workbench.models import Opinion, Solicitation

    _, members, meeting = build_team("某县局党组")
    token = Solicitation.objects.create(meeting=meeting, member=members[1]).token
    arrivals, texts = {}, {}
    for n in range(OPINIONS):
        text = f"第{n:03d}位同志的意见：建议进一步改进调查研究方式，多听基层干部职工的真实想法"
        response = client.post(f"/yijian/{token}/", {"text": text}, REMOTE_ADDR=f"10.9.{n // 200}.{n % 200 + 1}")
        assert response.status_code == 200
        key = Opinion.objects.get(text=text).pk
        assert key.version == 4, "a time-based UUID would tell the order by itself"
        arrivals[key.hex], texts[key.hex] = n, text
    return arrivals, texts


def checkpointed_file() -> Path:
    path = Path(connection.settings_dict["NAME"])
    connection.close()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def assert_no_order(structures: dict, where: str) -> None:
    holding = {name for name, points in structures.items() if len(points) >= MINIMUM}
    assert any(n == "workbench_opinion (uuid)" for n in holding) and any("autoindex" in n for n in holding), holding
    label, rho, table = worst(structures, MINIMUM)
    print("AFTER", where, label, rho, table)
    assert abs(rho) < LIMIT, f"{where}: {label} rho={rho:.2f}; all: {table}"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file")
def test_reshuffled_file_and_backup_hide_the_arrival_order(submitted, tmp_path):
    from duizhao.cli import main
    from duizhao.web.reshuffle import reshuffle_database

    arrivals, texts = submitted
    path = checkpointed_file()
    before = sqlite_structures(path, arrivals, texts)
    label, rho, table = worst(before, MINIMUM)
    print("BEFORE", label, rho, table)
    assert abs(rho) > 0.5, f"the measurement must see the order the attacker saw: {table}"

    # a copy of the file as it was, in a data directory: `duizhao backup` must hide the order by itself
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(path, data / "duizhao.sqlite3")

    linked = _link_one_opinion()
    assert reshuffle_database() == OPINIONS
    assert _link_survives(linked), "a problem's link to the opinion it answers survives the rewrite"
    assert_no_order(sqlite_structures(path, arrivals, texts), "database file")
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA freelist_count").fetchone()[0] == 0, "VACUUM leaves no free pages"
        assert raw.execute("SELECT count(*) FROM workbench_opinion").fetchone()[0] == OPINIONS

    archive = tmp_path / "backup.tar.gz"
    assert main(["backup", "--data", str(data), "-o", str(archive)]) == 0
    with tarfile.open(archive) as tar:
        tar.extract("database/duizhao.sqlite3", tmp_path / "restored", filter="data")
    assert_no_order(sqlite_structures(tmp_path / "restored/database/duizhao.sqlite3", arrivals, texts), "backup")

    assert main(["reshuffle", "--data", str(data)]) == 0
    assert_no_order(sqlite_structures(data / "duizhao.sqlite3", arrivals, texts), "duizhao reshuffle")
    assert (data / "reshuffled-on").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's heap and transaction ids")
def test_reshuffled_postgresql_hides_ctid_xmin_and_index_order(submitted):
    from duizhao.web.reshuffle import reshuffle_database

    arrivals, _ = submitted
    with connection.cursor() as cursor:
        before = postgresql_structures(cursor, arrivals)
    label, rho, table = worst(before, MINIMUM)
    print("BEFORE", label, rho, table)
    assert abs(rho) > 0.5, f"the measurement must see the order the attacker saw: {table}"
    linked = _link_one_opinion()
    assert reshuffle_database() == OPINIONS
    assert _link_survives(linked), "a problem's link to the opinion it answers survives the rewrite"
    with connection.cursor() as cursor:
        after = postgresql_structures(cursor, arrivals)
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM workbench_opinion")
        assert cursor.fetchone()[0] == 1, "rows rewritten in one transaction share one xmin"
    assert {"heap ctid", "xmin", "heap line pointer offset"} <= set(after)
    assert sum(name.startswith("index") for name in after) >= 2, after.keys()
    label, rho, table = worst(after, MINIMUM)
    print("AFTER postgresql", label, rho, table)
    assert abs(rho) < LIMIT, f"{label} rho={rho:.2f}; all: {table}"


def _link_one_opinion():
    """A problem of a material linked to one opinion (another table's foreign key to opinions)."""
    from duizhao.web.workbench import models as m

    opinion = m.Opinion.objects.order_by("text").first()
    material = m.Material.objects.create(meeting=opinion.meeting)
    version = m.MaterialVersion.objects.create(material=material, number=1, text="一是调查研究不深入。")
    problem = m.ProblemRecord.objects.create(version=version, index=0, text="一是调查研究不深入。")
    return m.ProblemLink.objects.create(problem=problem, opinion=opinion, state="confirmed")


def _link_survives(link) -> bool:
    from duizhao.web.workbench import models as m

    return (
        m.ProblemLink.objects.filter(pk=link.pk, opinion_id=link.opinion_id).exists()
        and m.Opinion.objects.filter(pk=link.opinion_id).exists()
    )


def test_opinion_keys_are_random_uuids():
    from duizhao.web.workbench.models import Opinion

    field = Opinion._meta.pk
    assert field.default is uuid.uuid4


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file")
def test_closing_a_link_reshuffles(submitted, client):
    """The clerk closes the link: the file no longer follows the arrival order."""
    from django.contrib.auth import get_user_model

    from duizhao.web.workbench import services
    from duizhao.web.workbench.models import Solicitation

    arrivals, texts = submitted
    link = Solicitation.objects.get()
    clerk = get_user_model().objects.create_user("clerk")
    services.grant_role(clerk, link.meeting.team, "clerk")
    client.force_login(clerk)
    assert client.post(f"/solicitations/{link.pk}/toggle/").status_code == 302
    link.refresh_from_db()
    assert not link.is_open
    assert_no_order(sqlite_structures(checkpointed_file(), arrivals, texts), "after closing the link")


def test_the_server_reshuffles_once_a_day(transactional_db, tmp_path):
    from datetime import date

    from duizhao.web import reshuffle

    assert reshuffle.run_if_due(tmp_path, today=date(2026, 12, 6))
    assert reshuffle.last_run(tmp_path) == date(2026, 12, 6)
    assert not reshuffle.run_if_due(tmp_path, today=date(2026, 12, 6)), "once per day"
    assert reshuffle.run_if_due(tmp_path, today=date(2026, 12, 7)), "the first check after midnight"
    (tmp_path / reshuffle.MARKER).write_text("garbage")
    assert reshuffle.run_if_due(tmp_path, today=date(2026, 12, 7)), "an unreadable marker counts as never"


@pytest.mark.slow
def test_duizhao_serve_reshuffles_when_it_starts_on_a_new_day(tmp_path):
    from live_server import Server, prepare

    data, logs = tmp_path / "data", tmp_path / "logs"
    prepare(data)
    (data / "reshuffled-on").write_text("2020-01-01")
    server = Server(data, logs).start()
    try:
        deadline = time.monotonic() + 30
        while (data / "reshuffled-on").read_text() == "2020-01-01" and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        server.stop()
    assert (data / "reshuffled-on").read_text() > "2026-01-01"


@pytest.mark.slow
@pytest.mark.postgres
def test_duizhao_serve_with_workers_reshuffles_postgresql_on_a_new_day(tmp_path):
    """`serve --workers 2` (the supervisor's loop): opinions submitted on an earlier day get one
    xmin once the server starts on a new day."""
    import psycopg
    from live_server import Browser, Server, prepare

    admin_url = "postgresql://postgres@127.0.0.1:5432/postgres"
    name = "anonymity_serve_workers"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not running at 127.0.0.1:5432")
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    data, logs = tmp_path / "data", tmp_path / "logs"
    try:
        token = prepare(data, DUIZHAO_DATABASE_URL=url)["token"]
        server = Server(data, logs, DUIZHAO_DATABASE_URL=url, DUIZHAO_OPINION_RATE="0").start()
        try:
            browser = Browser(server.port)
            browser.get(f"/yijian/{token}/")
            for n in range(30):
                assert browser.post(f"/yijian/{token}/", {"text": f"第{n}条：建议多调研少开会"})[0] == 200
        finally:
            server.stop()
        with psycopg.connect(url) as db:
            assert db.execute("SELECT count(DISTINCT xmin::text) FROM workbench_opinion").fetchone()[0] == 30
        (data / "reshuffled-on").write_text("2020-01-01")
        server = Server(data, logs, args=("--workers", "2"), DUIZHAO_DATABASE_URL=url).start()
        try:
            deadline = time.monotonic() + 30
            while (data / "reshuffled-on").read_text() == "2020-01-01" and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            server.stop()
        with psycopg.connect(url) as db:
            assert db.execute("SELECT count(*), count(DISTINCT xmin::text) FROM workbench_opinion").fetchone() == (
                30,
                1,
            )
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
