"""The address people outside the workbench open (posters, QR codes, links to copy), and what
the clerk is told when phones could not reach it.

Order: the deployment's address (DUIZHAO_PUBLIC_URL, which also sets the allowed host names and
the HTTPS origin, so a team cannot override it), else the team's setting (班子设置), else the
address the clerk's own request came to.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from duizhao.web import config

DEPLOYMENT, TEAM, REQUEST = "deployment", "team", "request"


@dataclass(frozen=True)
class PublicBase:
    url: str  # scheme://host[:port][/prefix], no trailing slash
    source: str  # DEPLOYMENT, TEAM or REQUEST


def public_base(request, team_public_url: str = "") -> PublicBase:
    from django.conf import settings

    if settings.DUIZHAO_PUBLIC_URL:
        return PublicBase(settings.DUIZHAO_PUBLIC_URL, DEPLOYMENT)
    team_url = config.normalized_address(team_public_url or "")
    if team_url:
        return PublicBase(team_url, TEAM)
    return PublicBase(request.build_absolute_uri("/").rstrip("/"), REQUEST)


def full_address(base: PublicBase, path: str) -> str:
    return base.url + path


def address_warnings(base: PublicBase, serve_host: str, behind_proxy: bool, allowed_hosts: list[str]) -> list[str]:
    """Chinese sentences for the opinions page: why a phone would not open the link, and what to do."""
    warnings = []
    host = urlparse(base.url).hostname or ""
    if config.is_loopback(host):
        if base.source == DEPLOYMENT:
            todo = "请系统管理员按部署说明改为内网中其他电脑和手机能打开的地址。"
        else:
            todo = (
                "请在班子页面的“本单位设置”中填写内网中其他电脑和手机能打开的地址（例如 http://10.1.2.3:8000），"
                "或请系统管理员按部署说明设置。"
            )
        warnings.append(f"征求意见链接和二维码中的地址是 {base.url}，这是本机地址，手机和其他电脑打不开。{todo}")
    elif not host_allowed(host, allowed_hosts):
        warnings.append(
            f"地址中的 {host} 不在工作台允许访问的地址中，手机和其他电脑打开链接时会被拒绝。"
            "请系统管理员按部署说明把它加入允许的地址，或在“本单位设置”中改用允许的地址。"
        )
    if serve_host and config.is_loopback(serve_host) and not behind_proxy:
        warnings.append(
            "工作台目前只在本机上提供服务，手机和其他电脑打不开征求意见链接。"
            "请系统管理员按部署说明让工作台在单位内网中可以访问，再打印二维码、发放链接。"
        )
    return warnings


def host_allowed(host: str, allowed_hosts: list[str]) -> bool:
    """Django's own rule (ALLOWED_HOSTS with '*' and '.domain' patterns) for a host name."""
    from django.http.request import validate_host

    shown = f"[{host}]" if ":" in host else host
    return validate_host(shown, allowed_hosts) or validate_host(host, allowed_hosts)
