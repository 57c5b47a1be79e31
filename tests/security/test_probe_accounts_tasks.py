"""Issue 13, as the attacker did it: a full-width user name escaping the login lock, the clerk
making a 书记, a member closing his own task."""

from datetime import date

from django.test import Client
from security_world import PASSWORD, make_user


def login(client, username, password, address="10.1.1.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_full_width_or_capitals_do_not_escape_the_login_lock(client, world):
    make_user("wuzhenhua", world["team"], "member")
    for _ in range(5):
        assert login(client, "wuzhenhua", "wrong-password").status_code == 200
    for variant in ("ｗｕｚｈｅｎｈｕａ", "WuZhenHua", " wuzhenhua ", "ＷＵＺＨＥＮＨＵＡ"):
        response = login(Client(), variant, PASSWORD)
        assert response.status_code == 429, variant
        assert "_auth_user_id" not in Client().session


def test_failures_under_any_width_count_for_one_account(client, world):
    make_user("wuzhenhua", world["team"], "member")
    for variant in ("ｗｕｚｈｅｎｈｕａ", "WUZHENHUA", "wuzhenhua", "Ｗｕzhenhua", "wuzhenhuA"):
        login(client, variant, "wrong-password")
    assert login(client, "wuzhenhua", PASSWORD).status_code == 429


def test_login_and_account_creation_use_the_same_normal_form(client, world):
    from django.contrib.auth import get_user_model

    from duizhao.web.workbench import services

    user, password = services.create_account("ＬｉＭｉｎｇ", "member", world["team"])
    assert user.username == "liming"
    assert login(client, "LIMING", password).status_code == 302
    admin = Client()
    admin.force_login(world["admin"])
    admin.post(f"/teams/{world['team'].pk}/accounts/", {"username": "ｌｉｍｉｎｇ", "role": "clerk"})
    assert get_user_model().objects.filter(username__iexact="liming").count() == 1, "the same name, another width"


def test_the_clerk_cannot_make_a_secretary(client, world):
    from duizhao.web.workbench.models import Member, TeamRole

    client.force_login(world["clerk"])
    team = world["team"]
    response = client.post(
        f"/teams/{team.pk}/members/add/",
        {"name": "新书记", "title": "党组书记", "is_head": "on", "order": 9, "active": "on"},
    )
    assert response.status_code in (200, 302)
    head = Member.objects.get(team=team, name="新书记")
    response = client.post(f"/members/{head.pk}/account/", {"username": "xinshuji"}, follow=True)
    assert "书记账号只能由系统管理员创建" in response.content.decode()
    head.refresh_from_db()
    assert head.user_id is None
    assert not TeamRole.objects.filter(role="secretary", user__username="xinshuji").exists()

    admin = Client()
    admin.force_login(world["admin"])
    admin.post(f"/members/{head.pk}/account/", {"username": "xinshuji"})
    assert TeamRole.objects.filter(role="secretary", user__username="xinshuji", team=team).exists()


def _task(world, **fields):
    from duizhao.web.workbench.models import Task

    return Task.objects.create(
        meeting=world["meeting"],
        number="2023-01",
        problem="调研不深入",
        measure="每季度蹲点",
        owner=world["members"][1],
        deadline=date(2020, 1, 1),
        **fields,
    )


def test_a_member_cannot_mark_his_own_task_done(client, world):
    task = _task(world)
    assert task.is_overdue()
    client.force_login(world["member"])
    response = client.post(f"/tasks/{task.pk}/", {"status": "done", "progress": "已全部完成"})
    assert response.status_code == 200 and "只能通过销号设置" in response.content.decode()
    task.refresh_from_db()
    assert task.status != "done" and task.is_overdue()
    assert client.post(f"/tasks/{task.pk}/", {"status": "in_progress", "progress": "推进中"}).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", "推进中")


def test_the_clerks_edit_form_does_not_set_done_either(client, world):
    task = _task(world)
    client.force_login(world["clerk"])
    fields = {
        "number": task.number,
        "problem": task.problem,
        "source": "self",
        "measure": task.measure,
        "task_type": "deadline",
        "status": "done",
        "progress": "完成",
        "deadline": "2020-01-01",
    }
    client.post(f"/tasks/{task.pk}/", fields)
    task.refresh_from_db()
    assert task.status != "done"
    assert (
        client.post(f"/tasks/{task.pk}/close/", {"verified_by": "张明", "closed_on": "2024-05-01"}).status_code == 302
    )
    task.refresh_from_db()
    assert task.status != "done", "销号 needs evidence"


def _ledger_with_status(data: bytes, code: str, status: str) -> bytes:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows() if any(c.value == "问题编号" for c in r))
    columns = {c.value: c.column for c in header}
    for row in sheet.iter_rows(min_row=header[0].row + 1):
        if row[columns["问题编号"] - 1].value == code:
            sheet.cell(row=row[0].row, column=columns["状态"], value=status)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_imported_ledger_does_not_set_done_without_closing(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    task = _task(world)
    client.force_login(world["clerk"])
    exported = client.get(f"/meetings/{world['meeting'].pk}/ledger/export.xlsx").content
    edited = _ledger_with_status(exported, task.number, "已完成")
    response = client.post(
        f"/meetings/{world['meeting'].pk}/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", edited)}
    )
    assert response.status_code == 200 and "须经销号" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "not_started" and task.is_overdue()
