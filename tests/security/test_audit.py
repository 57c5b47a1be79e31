"""The audit log: who changed what and when, readable by the clerk and the supervisors only, and
never anything about anonymous opinions."""

from duizhao.web.audit.models import AuditEntry


def _update_progress(client, world):
    from duizhao.web.workbench.models import Task

    task = Task.objects.create(
        meeting=world["meeting"], number="2023-01", problem="调研偏少", owner=world["members"][1]
    )
    client.force_login(world["member"])
    response = client.post(f"/tasks/{task.pk}/", {"status": "in_progress", "progress": "已制定调研计划"})
    assert response.status_code == 302
    return task


def test_a_change_is_recorded_with_who_what_and_when(client, world):
    task = _update_progress(client, world)
    entry = AuditEntry.objects.get(action="update", object_id=str(task.pk))
    assert entry.username == "member" and entry.user == world["member"]
    assert entry.team_id == world["team"].pk and entry.at is not None
    assert entry.changes["进展情况"] == ["not_started", "in_progress"]
    assert entry.changes["进展说明"] == ["", "已制定调研计划"]


def test_clerk_and_supervisor_read_the_log_others_do_not(client, world):
    _update_progress(client, world)
    for reader in ("clerk", "supervisor", "admin"):
        client.force_login(world[reader])
        page = client.get("/audit/")
        assert page.status_code == 200 and "已制定调研计划" in page.content.decode(), reader
    for outsider in ("member", "member2"):
        client.force_login(world[outsider])
        assert client.get("/audit/").status_code == 403, outsider
    client.force_login(world["other_clerk"])
    page = client.get("/audit/")
    assert page.status_code == 200 and "已制定调研计划" not in page.content.decode()


def test_anonymous_opinions_are_never_recorded(client, world):
    from duizhao.web.workbench.models import Opinion, Solicitation

    token = Solicitation.objects.create(meeting=world["meeting"]).token
    before = AuditEntry.objects.count()
    assert client.post(f"/yijian/{token}/", {"text": "建议少开会、开短会"}).status_code == 200
    client.force_login(world["clerk"])
    opinion = Opinion.objects.get()
    client.post(f"/opinions/{opinion.pk}/", {"action": "aspect", "aspect_id": "work_style"})
    assert AuditEntry.objects.count() == before
    assert not AuditEntry.objects.filter(object_id=str(opinion.pk)).exists()


def test_passwords_never_enter_the_log(client, world):
    from duizhao.web.audit.recorder import record

    user = world["clerk"]
    client.force_login(user)
    from duizhao.web.audit.recorder import current_request

    class Request:  # what the middleware sets: only `.user` is read
        pass

    request = Request()
    request.user = user
    token = current_request.set(request)
    try:
        user.set_password("New-secret-2025")
        user.save()
    finally:
        current_request.reset(token)
    entry = AuditEntry.objects.filter(model="用户").latest("id")
    assert "New-secret" not in str(entry.changes) and "argon2" not in str(entry.changes)
    assert record(user, "export", world["meeting"], description="导出整改台账").action == "other"


def test_navigation_links_to_the_log_only_for_its_readers(client, world):
    client.force_login(world["clerk"])
    assert "/audit/" in client.get("/").content.decode()
    client.force_login(world["member"])
    assert "/audit/" not in client.get("/").content.decode()
