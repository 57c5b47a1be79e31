"""The numbers behind every upload and form check, read from `data/safety.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_name_chars: int
    request_max_bytes: int
    request_max_public_form_bytes: int
    zip_max_entries: int
    zip_max_total_uncompressed: int
    zip_max_entry_uncompressed: int
    zip_max_ratio: float
    zip_ratio_applies_above: int
    zip_max_parsed_xml_total: int
    image_max_pixels: int
    text_max_control_ratio: float
    opinion_max_text_chars: int
    opinion_max_field_chars: int
    opinion_rate_per_client: int
    opinion_rate_window_seconds: int


@lru_cache(maxsize=1)
def limits() -> Limits:
    raw = tomllib.loads((resources.files("duizhao") / "data" / "safety.toml").read_text(encoding="utf-8"))
    upload, zip_, image, text, form = raw["upload"], raw["zip"], raw["image"], raw["text"], raw["opinion_form"]
    return Limits(
        max_bytes=upload["max_bytes"],
        max_name_chars=upload["max_name_chars"],
        request_max_bytes=raw["request"]["max_bytes"],
        request_max_public_form_bytes=raw["request"]["max_public_form_bytes"],
        zip_max_entries=zip_["max_entries"],
        zip_max_total_uncompressed=zip_["max_total_uncompressed"],
        zip_max_entry_uncompressed=zip_["max_entry_uncompressed"],
        zip_max_ratio=zip_["max_ratio"],
        zip_ratio_applies_above=zip_["ratio_applies_above"],
        zip_max_parsed_xml_total=zip_["max_parsed_xml_total"],
        image_max_pixels=image["max_pixels"],
        text_max_control_ratio=text["max_control_ratio"],
        opinion_max_text_chars=form["max_text_chars"],
        opinion_max_field_chars=form["max_field_chars"],
        opinion_rate_per_client=form["rate_per_client"],
        opinion_rate_window_seconds=form["rate_window_seconds"],
    )
