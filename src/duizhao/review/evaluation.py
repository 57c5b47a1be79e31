"""Measuring the rules against a labelled set (bench/data/review_set): each case is a text file
and a labels entry saying which rule ids the review MUST and MUST NOT report (a label may add the
severity: "residue.placeholder:error").

A snippet case (kind problem / cause / measure / criticism) is reviewed as a material whose
only element of that kind is the whole text; a `material` case is parsed whole (duizhao.parse.parse_text). Only the rule
families that can speak about a snippet's kind are looked at for it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NotRequired, TypedDict

from duizhao.model import Cause, Material, Measure, Problem
from duizhao.review import review_material
from duizhao.review.criticism import assess_criticism

RULES_FOR_KIND = {
    "problem": ("specificity.", "problems.", "terms.", "coverage.problem_misplaced"),
    "cause": ("causes.", "terms."),
    "measure": ("measures.vague", "terms."),
    "criticism": ("criticism.",),
    "material": ("",),
}


@dataclass
class Case:
    name: str
    kind: str
    text: str
    must: list[str]
    must_not: list[str]
    core: bool = False
    aspect: str | None = None
    framework: str | None = None
    problem: str | None = None  # for a cause: the problem it answers
    heldout: bool = False  # declared before tuning; never tuned on (bench reports it apart)
    # False: reviewed as the batch review `duizhao review DIR` does (a document the parser says is
    # no material gets only the document rules); the default for a whole material, True for a
    # snippet (built as a material by hand)
    as_material: bool = True


@dataclass
class Outcome:
    case: Case
    reported: set[str] = field(default_factory=set)

    @property
    def missing(self) -> list[str]:
        return [r for r in self.case.must if r not in self.reported]

    @property
    def wrongly_reported(self) -> list[str]:
        return [r for r in self.case.must_not if r in self.reported]


def load_cases(folder: Path) -> list[Case]:
    labels = tomllib.loads((Path(folder) / "labels.toml").read_text(encoding="utf-8"))["cases"]
    cases = []
    for name, entry in labels.items():
        text = (Path(folder) / entry.get("file", f"{name}.txt")).read_text(encoding="utf-8")
        cases.append(
            Case(
                name,
                entry["kind"],
                text,
                list(entry.get("must", [])),
                list(entry.get("must_not", [])),
                bool(entry.get("core")),
                entry.get("aspect"),
                entry.get("framework"),
                entry.get("problem"),
                bool(entry.get("heldout")),
                bool(entry.get("as_material", entry["kind"] != "material")),
            )
        )
    return cases


def snippet_material(case: Case) -> Material:
    text = case.text.rstrip("\n")
    if case.kind == "cause" and case.problem:
        full = case.problem + "\n" + text
        offset = len(case.problem) + 1
        return Material(
            text=full,
            kind="personal",
            problems=[Problem(case.problem, 0, len(case.problem), summary=case.problem.split("。")[0])],
            causes=[Cause(text, offset, offset + len(text))],
        )
    material = Material(text=text, kind="personal")
    if case.kind == "problem":
        material.problems = [Problem(text, 0, len(text), aspect_id=case.aspect)]
    elif case.kind == "cause":
        material.causes = [Cause(text, 0, len(text))]
    elif case.kind == "measure":
        material.measures = [Measure(text, 0, len(text))]
    return material


def run_case(case: Case) -> Outcome:
    if case.kind == "criticism":
        return Outcome(case, {f.rule for f in assess_criticism(case.text)})
    if case.kind == "material":
        from duizhao.parse import parse_text

        material = parse_text(case.text, framework_id=case.framework)
    else:
        material = snippet_material(case)
    result = review_material(material, case.framework, as_material=case.as_material)
    wanted = RULES_FOR_KIND[case.kind]
    found = [f for f in result.findings if f.rule.startswith(wanted)]
    # a label may name the severity too: "residue.placeholder:error"
    return Outcome(case, {f.rule for f in found} | {f"{f.rule}:{f.severity}" for f in found})


class RuleStatistics(TypedDict):
    """Cases counted for a rule; precision and recall are None without a case to divide by."""

    tp: int
    fn: int
    fp: int
    tn: int
    precision: NotRequired[float | None]
    recall: NotRequired[float | None]


def rule_statistics(outcomes: list[Outcome]) -> dict[str, RuleStatistics]:
    """Per rule: true positives (must, reported), false negatives (must, not reported),
    false positives (must_not, reported), true negatives; precision and recall."""
    stats: dict[str, RuleStatistics] = {}
    for outcome in outcomes:
        for rule in outcome.case.must:
            entry = stats.setdefault(rule, {"tp": 0, "fn": 0, "fp": 0, "tn": 0})
            if rule in outcome.reported:
                entry["tp"] += 1
            else:
                entry["fn"] += 1
        for rule in outcome.case.must_not:
            entry = stats.setdefault(rule, {"tp": 0, "fn": 0, "fp": 0, "tn": 0})
            if rule in outcome.reported:
                entry["fp"] += 1
            else:
                entry["tn"] += 1
    for entry in stats.values():
        _add_ratios(entry)
    return dict(sorted(stats.items()))


def overall_statistics(stats: dict[str, RuleStatistics]) -> RuleStatistics:
    entries = stats.values()
    total = RuleStatistics(
        tp=sum(e["tp"] for e in entries),
        fn=sum(e["fn"] for e in entries),
        fp=sum(e["fp"] for e in entries),
        tn=sum(e["tn"] for e in entries),
    )
    return _add_ratios(total)


def _add_ratios(entry: RuleStatistics) -> RuleStatistics:
    flagged = entry["tp"] + entry["fp"]
    expected = entry["tp"] + entry["fn"]
    entry["precision"] = round(entry["tp"] / flagged, 3) if flagged else None
    entry["recall"] = round(entry["tp"] / expected, 3) if expected else None
    return entry
