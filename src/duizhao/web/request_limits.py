"""Refuse an oversized request body before anything reads it: small for the anonymous public
form (an opinion is at most a few thousand characters), the upload limit elsewhere. waitress
is given the larger cap too (its own default would buffer up to 1 GB to disk first)."""

from __future__ import annotations

from django.shortcuts import render

from duizhao.safety import limits

PUBLIC_FORM_PREFIX = "/yijian/"
TOO_LARGE = "提交的内容过大，已拒绝。"


def body_cap(path: str) -> int:
    lim = limits()
    return lim.request_max_public_form_bytes if path.startswith(PUBLIC_FORM_PREFIX) else lim.request_max_bytes


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return -1


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length < 0 or length > body_cap(request.path_info):
            return render(request, "audit/blocked.html", {"message": TOO_LARGE}, status=413)
        return self.get_response(request)
