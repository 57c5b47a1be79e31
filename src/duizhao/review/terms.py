"""Wrong political terms: frequent confusions, each with its right form (a data list)."""
from __future__ import annotations

from duizhao.review.context import ReviewContext


def wrong_term(ctx: ReviewContext):
    for entry in ctx.config.data.get("terms", ()):
        for match in ctx.config.regex(entry["wrong"]).finditer(ctx.text):
            yield ctx.config.finding(
                "terms.wrong_term", *match.span(), {"right": entry["right"]},
                text=match.group(0), right=entry["right"], why=entry.get("why", ""),
            )
