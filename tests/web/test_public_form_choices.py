"""The public form from a phone (issue 12 §5): on a link for the whole team the giver may name the
member the opinion is about (stored as the target only), the length limit is said and enforced,
"再提一条" leads back, and an unknown link gets a friendly page — all from the link's one query."""

import pytest
from django.urls import reverse


@pytest.fixture
def team_link(meeting):
    from duizhao.web.workbench.models import Solicitation

    return Solicitation.objects.create(meeting=meeting)


@pytest.fixture
def member_link(meeting, members):
    from duizhao.web.workbench.models import Solicitation

    return Solicitation.objects.create(meeting=meeting, member=members[1])


def _url(link):
    return reverse("public_opinion", args=[link.token])


def test_team_link_offers_the_active_members_and_the_team(client, team_link, members):
    members[2].active = False
    members[2].save()
    html = client.get(_url(team_link)).content.decode()
    assert 'name="target"' in html and "意见针对（可不选）" in html
    options = html[html.index('name="target"') : html.index("</select>")]
    assert '<option value="" selected>领导班子</option>' in options
    assert f'value="{members[0].pk}">张明（党组书记、局长）' in options
    assert f'value="{members[1].pk}">李华（党组成员、副局长）' in options
    assert "王强" not in options  # no longer in office
    assert options.index("张明") < options.index("李华")  # the team's own order: the head first


def test_member_link_has_no_choice(client, member_link):
    html = client.get(_url(member_link)).content.decode()
    assert 'name="target"' not in html and "李华" in html


def test_the_chosen_member_is_stored_as_the_target_and_nothing_else(client, team_link, members):
    from duizhao.web.workbench.models import Opinion

    answer = client.post(_url(team_link), {"text": "建议多听基层干部的意见，少在会上定调子。", "target": members[1].pk})
    assert answer.status_code == 200 and "反馈给李华同志" in answer.content.decode()
    assert "sessionid" not in answer.cookies
    client.post(_url(team_link), {"text": "建议班子成员之间多沟通，形成合力。", "target": ""})
    about_li = Opinion.objects.get(target_member=members[1])
    about_team = Opinion.objects.get(target_member=None)
    for opinion in (about_li, about_team):
        assert opinion.source == "public_form"
        assert not opinion.claimed_member_id and not opinion.claimed_by_team
    # the two rows differ only in text, target, and what the classifier read from the text
    fields = {f.attname for f in Opinion._meta.concrete_fields} - {
        "id",
        "text",
        "target_member_id",
        "aspect_id",
        "aspect_confidence",
    }
    assert {k: getattr(about_li, k) for k in fields} == {k: getattr(about_team, k) for k in fields}


def test_a_member_of_another_team_or_not_in_office_is_refused(client, team_link, members, make_user):
    from duizhao.web.workbench.models import Member, Opinion, Team

    stranger = Member.objects.create(team=Team.objects.create(name="别的班子"), name="赵六", title="局长")
    members[2].active = False
    members[2].save()
    for pk in (stranger.pk, members[2].pk, "abc"):
        answer = client.post(_url(team_link), {"text": "建议改进文风会风。", "target": pk})
        assert answer.status_code == 200
        assert "请从列表中选择意见针对的班子成员" in answer.content.decode()
    assert not Opinion.objects.exists()


def test_a_member_link_ignores_a_posted_target(client, member_link, members):
    from duizhao.web.workbench.models import Opinion

    client.post(_url(member_link), {"text": "建议多到基层调研。", "target": members[0].pk})
    assert Opinion.objects.get().target_member_id == members[1].pk


def test_length_limit_is_shown_and_enforced_in_chinese(client, team_link):
    from duizhao.web.workbench.forms import PUBLIC_OPINION_MAX_CHARS
    from duizhao.web.workbench.models import Opinion

    html = client.get(_url(team_link)).content.decode()
    assert f'maxlength="{PUBLIC_OPINION_MAX_CHARS}"' in html and 'data-counter="text-counter"' in html
    assert 'id="text-counter"' in html and f"最多 {PUBLIC_OPINION_MAX_CHARS} 字" in html
    assert "duizhao/js/public_form.js" in html and "<script>" not in html  # no inline script under the CSP
    too_long = "建议改进作风" * 700  # 4200 characters
    answer = client.post(_url(team_link), {"text": too_long})
    assert answer.status_code == 200
    assert f"意见最多 {PUBLIC_OPINION_MAX_CHARS} 字，现有 4200 字，请删减后再提交。" in answer.content.decode()
    assert too_long in answer.content.decode()  # what was written is given back, not lost
    assert not Opinion.objects.exists()
    assert client.post(_url(team_link), {"text": "建" * PUBLIC_OPINION_MAX_CHARS}).status_code == 200
    assert Opinion.objects.count() == 1


def test_thanks_page_offers_another_opinion(client, team_link, members):
    answer = client.post(_url(team_link), {"text": "建议多听取一线职工的意见。"}).content.decode()
    assert f'href="{_url(team_link)}">再提一条</a>' in answer and "反馈给领导班子" in answer
    page = client.get(_url(team_link))
    assert page.status_code == 200 and 'name="text"' in page.content.decode()


def test_unknown_link_gets_a_friendly_404(client, db):
    answer = client.get("/yijian/no-such-token/")
    html = answer.content.decode()
    assert answer.status_code == 404 and "没有找到这个征求意见链接" in html and "重新扫描" in html
    assert "sessionid" not in answer.cookies
    assert client.post("/yijian/no-such-token/", {"text": "建议多调研。"}).status_code == 404


def test_closed_link_keeps_its_410_page(client, team_link):
    team_link.is_open = False
    team_link.save()
    answer = client.get(_url(team_link))
    assert answer.status_code == 410 and "本次征求意见已结束" in answer.content.decode()


def test_the_form_reads_its_link_and_the_members_in_one_query(
    client, team_link, member_link, members, django_assert_num_queries
):
    for link in (team_link, member_link):
        with django_assert_num_queries(1):
            assert client.get(_url(link)).status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as about_team:
        client.post(_url(team_link), {"text": "建议多调研少开会。"})
    with CaptureQueriesContext(connection) as about_member:
        client.post(_url(team_link), {"text": "建议多调研少开会。", "target": members[1].pk})
    assert len(about_member) == len(about_team)  # choosing a member costs no query


def test_a_renamed_member_shows_at_once(client, team_link, members):
    members[1].name = "李新华"
    members[1].save()
    assert "李新华（党组成员、副局长）" in client.get(_url(team_link)).content.decode()
    answer = client.post(_url(team_link), {"text": "建议多调研少开会。", "target": members[1].pk})
    assert "反馈给李新华同志" in answer.content.decode()


def test_a_refused_opinion_shows_the_choice_again(client, team_link, members):
    answer = client.post(_url(team_link), {"text": "短"}).content.decode()  # the fast path read no member list
    assert "请写下具体的意见或建议" in answer and 'name="target"' in answer and "李华（党组成员、副局长）" in answer
    answer = client.post(_url(team_link), {"text": "短", "target": members[1].pk}).content.decode()
    assert f'<option value="{members[1].pk}" selected>李华' in answer  # the choice is kept


def test_the_submission_that_names_no_member_reads_no_member_list(client, team_link, members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as plain:
        client.post(_url(team_link), {"text": "建议多调研少开会。"})
    with CaptureQueriesContext(connection) as chosen:
        client.post(_url(team_link), {"text": "建议多调研少开会。", "target": members[1].pk})

    def link_query(captured):
        [sql] = [
            q["sql"].lower()
            for q in captured.captured_queries
            if q["sql"].startswith('SELECT "workbench_solicitation"."is_open"')
        ]
        return sql

    assert "json" not in link_query(plain) and "json" in link_query(chosen)
