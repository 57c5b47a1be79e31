"""Debian's nginx with the site file of deploy/ (TLS with a certificate made by the test) in front
of two `duizhao serve` with DUIZHAO_HTTPS and DUIZHAO_PUBLIC_URL: what a user does through the
proxy works, cookies are secure, CSRF trusts the public origin only, HSTS is sent, posters carry
the https:// address, and the anonymous form leaves no line in the proxy's access log."""

import re

import pytest
from deploy_support import Browser
from two_servers import PASSWORD

pytestmark = pytest.mark.slow


def browser_for(proxied, source=None) -> Browser:
    return Browser(cafile=proxied.nginx.cert, origin=proxied.nginx.url, source=source)


def logged_in(proxied, username="clerk") -> Browser:
    browser = browser_for(proxied)
    url = proxied.nginx.url
    page = browser.get(f"{url}/login/")
    assert page.status == 200 and "登录" in page.text
    answer = browser.post(f"{url}/login/", {"username": username, "password": PASSWORD})
    assert answer.status == 302, answer.text[:500]
    return browser


def test_login_through_the_proxy_gives_secure_cookies_and_hsts(proxied):
    browser = browser_for(proxied)
    page = browser.get(f"{proxied.nginx.url}/login/")
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "; secure" in browser.set_cookie_lines["csrftoken"].lower()
    answer = browser.post(f"{proxied.nginx.url}/login/", {"username": "clerk", "password": PASSWORD})
    assert answer.status == 302
    session = browser.set_cookie_lines["sessionid"].lower()
    assert "; secure" in session and "; httponly" in session
    meeting = proxied.info["meeting"]
    for _ in range(4):  # round-robin: both servers answer with the one session
        assert browser.get(f"{proxied.nginx.url}/meetings/{meeting}/").status == 200


def test_csrf_trusts_the_public_origin_and_refuses_another(proxied):
    browser = browser_for(proxied)
    browser.get(f"{proxied.nginx.url}/login/")
    refused = browser.post(
        f"{proxied.nginx.url}/login/", {"username": "clerk", "password": PASSWORD}, origin="https://evil.example.net"
    )
    assert refused.status == 403
    accepted = browser.post(f"{proxied.nginx.url}/login/", {"username": "clerk", "password": PASSWORD})
    assert accepted.status == 302


def test_the_poster_carries_the_public_https_address(proxied):
    browser = logged_in(proxied)
    poster = browser.get(f"{proxied.nginx.url}/solicitations/{proxied.info['solicitation']}/poster/")
    assert poster.status == 200
    assert f"{proxied.nginx.url}/yijian/{proxied.info['token']}/" in poster.text


def test_an_anonymous_submission_through_the_proxy_is_stored_and_never_logged(proxied):
    url = f"{proxied.nginx.url}/yijian/{proxied.info['token']}/"
    [[before]] = proxied.sql("SELECT count(*) FROM workbench_opinion")
    for n in range(3):
        visitor = browser_for(proxied)
        form = visitor.get(url)
        assert form.status == 200 and "csrftoken" in visitor.cookies
        thanks = visitor.post(url, {"text": f"建议班子成员多到基层一线调研，第{n}条"})
        assert thanks.status == 200 and "感谢" in thanks.text
    [[after]] = proxied.sql("SELECT count(*) FROM workbench_opinion")
    assert after == before + 3
    browser_for(proxied).get(f"{proxied.nginx.url}/login/")  # a logged request of this test's own, in any order
    proxied.nginx.stop()  # nginx writes its access log buffer out when it stops ...
    proxied.nginx.start()  # ... and the other tests go on with a fresh one
    log = proxied.nginx.access_log()
    assert "/login/" in log, "the access log works"
    assert "/yijian/" not in log


def test_evidence_upload_and_download_through_the_proxy(proxied):
    browser = logged_in(proxied)
    task = proxied.info["task"]
    data = ("整改佐证：建立班子成员基层联系点制度，每季度至少调研一次。\n" * 20000).encode("utf-8")  # ~1.7 MB
    uploaded = browser.post(
        f"{proxied.nginx.url}/tasks/{task}/evidence/", {}, files={"file": ("联系点制度.txt", data, "text/plain")}
    )
    assert uploaded.status == 302
    page = browser.get(f"{proxied.nginx.url}/tasks/{task}/").text
    evidence = max(int(pk) for pk in re.findall(r'href="/evidence/(\d+)/"', page))  # the newest is this one
    downloaded = browser.get(f"{proxied.nginx.url}/evidence/{evidence}/")
    assert downloaded.status == 200 and downloaded.body == data


def test_plain_http_is_sent_to_https(proxied):
    answer = Browser().get(f"http://127.0.0.1:{proxied.nginx.http_port}/login/")
    assert answer.status == 301 and answer.headers["Location"].startswith("https://")


def test_the_form_limit_counts_each_client_behind_the_proxy_not_the_proxy(proxied):
    """DUIZHAO_OPINION_RATE=4 here. Clients on other loopback addresses stand for other PCs: the
    servers see them through X-Forwarded-For, which they believe only from the proxy's address."""
    url = f"{proxied.nginx.url}/yijian/{proxied.info['token']}/"
    first = browser_for(proxied, source="127.0.0.2")
    first.get(url)
    answers = [first.post(url, {"text": f"建议精简会议文件，第{n}次提交"}).status for n in range(5)]
    assert answers == [200, 200, 200, 200, 429], "one client's allowance, counted over both servers"
    second = browser_for(proxied, source="127.0.0.3")
    second.get(url)
    assert second.post(url, {"text": "另一台电脑上的意见"}).status == 200
    forged = Browser(source="127.0.0.4")  # straight to a server, claiming to be 127.0.0.3 over HTTPS
    forged.get(f"{proxied.backend(0)}/yijian/{proxied.info['token']}/")
    claimed = {"X-Forwarded-For": "127.0.0.3", "X-Forwarded-Proto": "https"}
    answer = forged.post(
        f"{proxied.backend(0)}/yijian/{proxied.info['token']}/",
        {"text": "直连服务器的意见"},
        headers=claimed,
        origin=proxied.backend(0),
    )
    assert answer.status == 200 and "Strict-Transport-Security" not in answer.headers


def test_an_upload_over_the_limit_is_refused_by_nginx_in_chinese(proxied):
    """Announced as 30 MB: nginx answers from the headers alone, before any of the body is sent."""
    import socket
    import ssl

    context = ssl.create_default_context(cafile=str(proxied.nginx.cert))
    with (
        socket.create_connection(("127.0.0.1", proxied.nginx.https_port), timeout=30) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        tls.sendall(
            (
                f"POST /tasks/{proxied.info['task']}/evidence/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 30000000\r\n\r\n"
            ).encode()
        )
        answer = b""
        while b"</html>" not in answer:
            chunk = tls.recv(65536)
            if not chunk:
                break
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert "单个文件不能超过 20 MB" in body.decode("utf-8")
