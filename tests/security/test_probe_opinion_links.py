"""Issue 13, as the attacker did it: links that tag their users, and a member watching the
opinions page in real time."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone


def submit(token, text, address="10.3.3.3"):
    return Client().post(f"/yijian/{token}/", {"text": text}, REMOTE_ADDR=address)


def test_one_open_link_per_target(client, world):
    from duizhao.web.workbench.models import Solicitation

    meeting, target = world["meeting"], world["members"][1]
    client.force_login(world["clerk"])
    url = f"/meetings/{meeting.pk}/solicitations/add/"
    client.post(url, {"member": target.pk, "aspect_id": ""})
    response = client.post(url, {"member": target.pk, "aspect_id": "work_style"}, follow=True)
    assert "同时只能有一个开放的征求意见链接" in response.content.decode()
    assert Solicitation.objects.filter(meeting=meeting, member=target).count() == 1
    client.post(url, {"member": "", "aspect_id": ""})
    client.post(url, {"member": world["members"][2].pk, "aspect_id": ""})
    assert Solicitation.objects.filter(meeting=meeting, is_open=True).count() == 3, "other targets are independent"

    first = Solicitation.objects.get(meeting=meeting, member=target)
    client.post(f"/solicitations/{first.pk}/toggle/")  # closed
    client.post(url, {"member": target.pk, "aspect_id": "work_style"})  # a new one may open now
    client.post(f"/solicitations/{first.pk}/toggle/")  # reopening the first would make two
    assert Solicitation.objects.filter(meeting=meeting, member=target, is_open=True).count() == 1


def test_an_opinion_inherits_nothing_that_identifies_its_link(world):
    """Two links for one member, different preset aspects, used one after the other: the same text
    through each is stored identically."""
    from duizhao.web.workbench.models import Opinion, Solicitation

    meeting, target = world["meeting"], world["members"][1]
    first = Solicitation.objects.create(meeting=meeting, member=target, aspect_id="political")
    text = "希望在工作中更多听取一线同志的意见，少开会多调研"
    assert submit(first.token, text).status_code == 200
    first.is_open = False
    first.save()
    second = Solicitation.objects.create(meeting=meeting, member=target, aspect_id="work_style")
    assert submit(second.token, text).status_code == 200

    fields = [f.attname for f in Opinion._meta.concrete_fields if not f.primary_key]
    stored = [tuple(getattr(o, name) for name in fields) for o in Opinion.objects.filter(text=text)]
    assert len(stored) == 2 and stored[0] == stored[1], list(zip(fields, *stored))
    assert not Opinion.objects.filter(aspect_confirmed=True).exists()


def test_a_member_sees_opinions_about_him_only_in_daily_batches_while_collecting(client, world):
    from duizhao.web.workbench.models import Opinion, Solicitation

    meeting, me = world["meeting"], world["members"][1]
    link = Solicitation.objects.create(meeting=meeting, member=me)
    yesterday = timezone.localdate() - timedelta(days=1)
    Opinion.objects.create(
        meeting=meeting, target_member=me, text="昨天收到：调研次数偏少", source="public_form", received_on=yesterday
    )
    assert submit(link.token, "刚刚提交：开会时经常看手机").status_code == 200

    client.force_login(world["member"])
    page = client.get(f"/meetings/{meeting.pk}/opinions/").content.decode()
    assert "昨天收到：调研次数偏少" in page
    assert "刚刚提交" not in page, "an opinion must not appear seconds after it was written"
    assert "当天收到的意见次日可见" in page
    counts = client.get(f"/meetings/{meeting.pk}/dashboard.json").json()
    assert sum(counts["by_aspect"].values()) == 1, "counts do not move in real time either"
    overview = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "刚刚提交" not in overview

    secretary = Client()
    secretary.force_login(world["secretary"])  # the secretary is a member of the team too
    assert "刚刚提交" not in secretary.get(f"/meetings/{meeting.pk}/opinions/").content.decode()
    clerk = Client()
    clerk.force_login(world["clerk"])
    assert "刚刚提交" in clerk.get(f"/meetings/{meeting.pk}/opinions/").content.decode()

    link.is_open = False  # the collection closes
    link.save()
    assert "刚刚提交" in client.get(f"/meetings/{meeting.pk}/opinions/").content.decode()
