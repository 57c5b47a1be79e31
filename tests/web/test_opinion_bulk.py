"""Bulk 归类 and 认领 on the opinion list: many selected rows, one action, the same permission
checks as the single-row action; one refused row refuses the whole request and changes nothing."""

from datetime import date

import pytest
from django.urls import reverse


@pytest.fixture
def opinions(meeting, members):
    from duizhao.web.workbench import services

    day = date(2024, 1, 3)
    return {
        "team": [
            services.add_opinion(meeting, f"意见{n}：会议多、文件多，基层疲于应付。", "box", received_on=day)
            for n in range(3)
        ],
        "li": [
            services.add_opinion(meeting, f"对李华的意见{n}：下基层调研少。", "box", target=members[1], received_on=day)
            for n in range(2)
        ],
        "wang": services.add_opinion(
            meeting, "对王强的意见：监督提醒不够。", "box", target=members[2], received_on=day
        ),
    }


def _bulk(client, meeting, ids, **data):
    return client.post(reverse("opinion_bulk", args=[meeting.pk]), {"ids": [str(i) for i in ids], **data})


def _fresh(rows):
    from duizhao.web.workbench.models import Opinion

    return [Opinion.objects.get(pk=o.pk) for o in rows]


def _messages(client, meeting):
    return client.get(reverse("opinions", args=[meeting.pk])).content.decode()


def test_clerk_classifies_many_rows_at_once_and_only_those(login, users, meeting, opinions):
    client = login(users["clerk"])
    chosen = opinions["team"][:2]
    response = _bulk(client, meeting, [o.pk for o in chosen], action="aspect", aspect_id="integrity")
    assert response.status_code == 302
    assert [(o.aspect_id, o.aspect_confirmed) for o in _fresh(chosen)] == [("integrity", True)] * 2
    untouched = _fresh(opinions["team"][2:])[0]
    assert untouched.aspect_id != "integrity" or not untouched.aspect_confirmed
    assert "已将 2 条意见归类到“廉洁自律”。" in _messages(client, meeting)


def test_clerk_claims_many_rows_for_a_member_or_the_team(login, users, meeting, members, opinions):
    client = login(users["clerk"])
    rows = opinions["team"] + [opinions["wang"]]
    assert _bulk(client, meeting, [o.pk for o in rows], action="claim", claimer=str(members[0].pk)).status_code == 302
    assert all(o.claimed_member_id == members[0].pk and not o.claimed_by_team for o in _fresh(rows))
    assert "已将 4 条意见认领给张明。" in _messages(client, meeting)
    assert _bulk(client, meeting, [o.pk for o in rows[:2]], action="claim", claimer="team").status_code == 302
    assert [(o.claimed_by_team, o.claimed_member_id) for o in _fresh(rows[:2])] == [(True, None)] * 2


def test_member_may_not_classify(login, users, meeting, opinions):
    client = login(users["member"])
    response = _bulk(client, meeting, [o.pk for o in opinions["li"]], action="aspect", aspect_id="integrity")
    assert response.status_code == 403
    assert not any(o.aspect_confirmed for o in _fresh(opinions["li"]))


def test_member_claims_his_own_and_the_teams_but_not_for_others(login, users, meeting, members, opinions):
    client = login(users["member"])  # 李华
    mine = opinions["li"] + opinions["team"][:1]
    assert _bulk(client, meeting, [o.pk for o in mine], action="claim", claimer=str(members[1].pk)).status_code == 302
    assert all(o.claimed_member_id == members[1].pk for o in _fresh(mine))
    # for the team or for another member: refused, as on one row
    for claimer in ("team", str(members[2].pk)):
        response = _bulk(client, meeting, [opinions["team"][1].pk], action="claim", claimer=claimer)
        assert response.status_code == 403
    assert not _fresh(opinions["team"][1:2])[0].claimed


def test_one_row_the_user_may_not_touch_refuses_the_whole_request(login, users, meeting, members, opinions):
    client = login(users["member"])  # 李华 cannot see or claim the opinion about 王强
    rows = opinions["team"][:2] + [opinions["wang"]]
    response = _bulk(client, meeting, [o.pk for o in rows], action="claim", claimer=str(members[1].pk))
    assert response.status_code == 403
    assert not any(o.claimed for o in _fresh(rows))


def test_other_teams_opinions_are_refused(login, users, meeting, opinions, make_user):
    from duizhao.web.workbench import services
    from duizhao.web.workbench.models import Meeting, Team

    other_team = Team.objects.create(name="另一单位党委")
    other_meeting = Meeting.objects.create(
        team=other_team,
        year=2023,
        framework_id="dsh-2023",
        title="另一会议",
        planned_date=date(2024, 1, 20),
        kind="democratic_life",
    )
    foreign = services.add_opinion(other_meeting, "别的单位的意见：公车私用。", "box")
    client = login(users["clerk"])
    ids = [opinions["team"][0].pk, foreign.pk]
    response = _bulk(client, meeting, ids, action="aspect", aspect_id="integrity")
    assert response.status_code == 403
    assert not any(o.aspect_confirmed for o in _fresh([opinions["team"][0], foreign]))
    # the other team's clerk cannot act on this meeting at all
    response = _bulk(login(users["other_clerk"]), meeting, [opinions["team"][0].pk], action="claim", claimer="team")
    assert response.status_code == 403
    assert not _fresh(opinions["team"][:1])[0].claimed


def test_bad_choices_change_nothing_and_say_why(login, users, meeting, opinions):
    client = login(users["clerk"])
    rows = opinions["team"]
    assert _bulk(client, meeting, [o.pk for o in rows], action="aspect", aspect_id="no_such_aspect").status_code == 302
    assert "不属于本次会议的对照检查方面" in _messages(client, meeting)
    assert _bulk(client, meeting, [], action="aspect", aspect_id="integrity").status_code == 302
    assert "请先勾选要处理的意见" in _messages(client, meeting)
    assert _bulk(client, meeting, ["not-a-uuid"], action="aspect", aspect_id="integrity").status_code == 403
    assert not any(o.aspect_confirmed for o in _fresh(rows))


def test_list_offers_checkboxes_bound_to_the_bulk_form_without_inline_script(login, users, meeting, opinions):
    html = login(users["clerk"]).get(reverse("opinions", args=[meeting.pk])).content.decode()
    assert html.count('form="opinion-bulk"') == 6
    assert 'id="opinion-bulk"' in html and 'data-select-all="opinion-bulk"' in html
    assert "归类到" in html and "认领给" in html
    assert "<script>" not in html and " onclick=" not in html and " onchange=" not in html
    member_html = login(users["member"]).get(reverse("opinions", args=[meeting.pk])).content.decode()
    assert 'aria-label="批量归类到的方面"' not in member_html  # members cannot classify
    assert "（本人）" in member_html
