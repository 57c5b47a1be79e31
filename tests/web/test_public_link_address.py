"""The public link's address (issue 12 §5): the deployment's address wins, else the team's setting,
else the request's; links are shown whole to copy; posters print that address; the opinions page
warns when a phone could not open it, and says what to do — without naming a setting variable."""

import re

import pytest
from django.urls import reverse

from duizhao.web import config
from duizhao.web.workbench.public_address import DEPLOYMENT, REQUEST, TEAM, PublicBase, address_warnings


@pytest.fixture
def link(meeting):
    from duizhao.web.workbench.models import Solicitation

    return Solicitation.objects.create(meeting=meeting)


@pytest.fixture
def serving(settings):
    """As `duizhao serve --host 0.0.0.0` without a proxy: reachable from the intranet."""
    settings.DUIZHAO_PUBLIC_URL = ""
    settings.DUIZHAO_SERVE_HOST = "0.0.0.0"
    settings.DUIZHAO_BEHIND_PROXY = False
    settings.ALLOWED_HOSTS = ["*"]
    return settings


def _opinions_page(client, meeting, host="10.1.2.3:8000"):
    return client.get(reverse("opinions", args=[meeting.pk]), HTTP_HOST=host).content.decode()


def _warnings(html):
    return re.findall(r'<p class="[^"]*\baddress-warning\b[^"]*">(.*?)</p>', html)


@pytest.mark.parametrize(
    "host,loopback",
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("app.localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("10.1.2.3", False),
        ("0.0.0.0", False),
        ("duizhao.example.gov.cn", False),
        ("192.168.1.5", False),
        ("", False),
    ],
)
def test_is_loopback(host, loopback):
    assert config.is_loopback(host) is loopback


@pytest.mark.parametrize(
    "value,expected",
    [
        ("http://10.1.2.3:8000/", "http://10.1.2.3:8000"),
        ("https://duizhao.example.gov.cn", "https://duizhao.example.gov.cn"),
        (" http://[fd00::5]:8000 ", "http://[fd00::5]:8000"),
        ("http://10.1.2.3/duizhao/", "http://10.1.2.3/duizhao"),
        ("10.1.2.3:8000", None),
        ("ftp://10.1.2.3", None),
        ("http://", None),
        ("http://10.1.2.3:99999", None),
        ("http://10.1.2.3/?a=1", None),
        ("http://user:pw@10.1.2.3", None),
        ("http://10.1.2.3/a b", None),
    ],
)
def test_normalized_address(value, expected):
    assert config.normalized_address(value) == expected


def test_serve_passes_its_host_to_the_settings(monkeypatch, tmp_path):
    from duizhao.web.boot import ServeOptions, prepare_environment

    for name in ("DUIZHAO_SERVE_HOST", "DUIZHAO_DATA_DIR", "DUIZHAO_ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"):
        monkeypatch.setenv(name, "")
    prepare_environment(ServeOptions(data=tmp_path, host="0.0.0.0"))
    import os

    assert config.serve_host(dict(os.environ)) == "0.0.0.0"
    assert config.serve_host({}) == ""


def test_warnings_say_what_to_do_and_name_no_variable():
    everywhere = ["*"]
    team = PublicBase("http://127.0.0.1:8000", REQUEST)
    [loopback] = address_warnings(team, "0.0.0.0", False, everywhere)
    assert "http://127.0.0.1:8000" in loopback and "手机和其他电脑打不开" in loopback and "本单位设置" in loopback
    [deployed] = address_warnings(PublicBase("http://localhost", DEPLOYMENT), "", True, everywhere)
    assert "系统管理员" in deployed and "本单位设置" not in deployed
    [listening] = address_warnings(PublicBase("http://10.1.2.3:8000", TEAM), "127.0.0.1", False, everywhere)
    assert "只在本机上提供服务" in listening and "系统管理员" in listening
    assert (
        address_warnings(PublicBase("https://duizhao.example.gov.cn", DEPLOYMENT), "127.0.0.1", True, everywhere) == []
    )
    assert address_warnings(PublicBase("http://10.1.2.3:8000", TEAM), "0.0.0.0", False, everywhere) == []
    assert address_warnings(PublicBase("http://10.1.2.3:8000", TEAM), "", False, everywhere) == []  # unknown server
    [refused] = address_warnings(
        PublicBase("http://10.1.2.3:8000", TEAM), "10.1.2.3", False, ["127.0.0.1", "oa.gov.cn"]
    )
    assert "10.1.2.3 不在工作台允许访问的地址中" in refused
    assert address_warnings(PublicBase("http://a.oa.gov.cn", TEAM), "0.0.0.0", False, [".oa.gov.cn"]) == []
    both = address_warnings(PublicBase("http://[::1]:8000", REQUEST), "::1", False, everywhere)
    assert len(both) == 2
    for sentence in [loopback, deployed, listening, refused, *both]:
        assert "DUIZHAO" not in sentence and "--host" not in sentence


def test_links_are_full_addresses_of_the_request_by_default(login, users, meeting, link, serving):
    html = _opinions_page(login(users["clerk"]), meeting)
    assert f'value="http://10.1.2.3:8000/yijian/{link.token}/"' in html
    assert _warnings(html) == []


def test_loopback_address_is_warned_about(login, users, meeting, link, serving):
    html = _opinions_page(login(users["clerk"]), meeting, host="127.0.0.1:8000")
    [warning] = _warnings(html)
    assert "http://127.0.0.1:8000" in warning and "本单位设置" in warning
    assert "DUIZHAO" not in warning


def test_poster_warns_before_printing_a_loopback_address(login, users, meeting, link, serving):
    html = login(users["clerk"]).get(reverse("solicitation_poster", args=[link.pk]), HTTP_HOST="localhost:8000")
    [warning] = _warnings(html.content.decode())
    assert "http://localhost:8000" in warning and "手机和其他电脑打不开" in warning


def test_server_listening_on_loopback_is_warned_about(login, users, meeting, link, serving):
    serving.DUIZHAO_SERVE_HOST = "127.0.0.1"
    [warning] = _warnings(_opinions_page(login(users["clerk"]), meeting))
    assert "只在本机上提供服务" in warning
    serving.DUIZHAO_BEHIND_PROXY = True  # nginx in front on the same machine: that is the usual set-up
    assert _warnings(_opinions_page(login(users["clerk"]), meeting)) == []


def test_team_setting_is_used_for_links_and_posters(login, users, meeting, link, serving):
    from duizhao.web.workbench.models import Team

    client = login(users["clerk"])
    form = {"quorum_ratio": "2/3", "department_heads": "", "public_url": "http://10.8.8.8:8000/"}
    assert client.post(reverse("team_settings", args=[meeting.team_id]), form).status_code == 302
    assert Team.objects.get(pk=meeting.team_id).public_url == "http://10.8.8.8:8000"
    html = _opinions_page(client, meeting, host="127.0.0.1:8000")  # the clerk on the server itself
    assert f'value="http://10.8.8.8:8000/yijian/{link.token}/"' in html and _warnings(html) == []
    poster = client.get(reverse("solicitation_poster", args=[link.pk]), HTTP_HOST="127.0.0.1:8000").content.decode()
    assert f"http://10.8.8.8:8000/yijian/{link.token}/" in poster and "127.0.0.1" not in poster


def test_team_setting_refuses_what_is_not_an_address(login, users, meeting, serving):
    from duizhao.web.workbench.models import Team

    client = login(users["clerk"])
    form = {"quorum_ratio": "2/3", "department_heads": "", "public_url": "10.8.8.8:8000"}
    answer = client.post(reverse("team_settings", args=[meeting.team_id]), form, follow=True).content.decode()
    assert "请填写完整的地址，以 http:// 或 https:// 开头" in answer
    assert Team.objects.get(pk=meeting.team_id).public_url == ""


def test_the_deployment_address_wins_over_the_team_setting(login, users, meeting, link, serving):
    from duizhao.web.workbench.models import Team

    Team.objects.filter(pk=meeting.team_id).update(public_url="http://10.8.8.8:8000")
    serving.DUIZHAO_PUBLIC_URL = "https://duizhao.example.gov.cn"
    client = login(users["clerk"])
    html = _opinions_page(client, meeting)
    assert f'value="https://duizhao.example.gov.cn/yijian/{link.token}/"' in html and "10.8.8.8" not in html
    team_page = client.get(reverse("team_detail", args=[meeting.team_id])).content.decode()
    assert "部署时已统一指定为 https://duizhao.example.gov.cn" in team_page
    form = {"quorum_ratio": "2/3", "department_heads": "", "public_url": "http://10.9.9.9"}
    client.post(reverse("team_settings", args=[meeting.team_id]), form)
    assert Team.objects.get(pk=meeting.team_id).public_url == "http://10.8.8.8:8000"  # the field is read-only here


def test_members_do_not_see_the_link_table(login, users, meeting, link, serving):
    html = _opinions_page(login(users["member"]), meeting, host="127.0.0.1:8000")
    assert link.token not in html and _warnings(html) == []
