"""Free text typed into a form (the public opinion form above all): normalised, stripped of
control characters, and held to a length limit with a Chinese message."""

from __future__ import annotations

import re
import unicodedata

from duizhao.errors import InputError

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class FormTextRefused(InputError):
    """Form text that is empty or too long; `reason` is the Chinese message."""


def clean_form_text(value: str | None, *, max_chars: int, label: str = "内容", required: bool = True) -> str:
    text = unicodedata.normalize("NFC", value or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text).strip()
    if required and not text:
        raise FormTextRefused(None, f"{label}不能为空")
    if len(text) > max_chars:
        raise FormTextRefused(None, f"{label}不能超过 {max_chars} 字（现为 {len(text)} 字）")
    return text
