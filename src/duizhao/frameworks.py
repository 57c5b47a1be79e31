"""Load frameworks (a year's theme and its ordered aspects) from TOML data files.

Shipped frameworks live in the package (`duizhao/data/frameworks/*.toml`). A unit adds its own
by dropping a file of the same shape into `<data_dir>/frameworks/` (or any folder passed in);
a user file with the same `id` replaces the shipped one.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from duizhao.errors import InputError
from duizhao.model import Aspect, Framework


def user_framework_dirs() -> list[Path]:
    """Folders searched for a unit's own framework files, from DUIZHAO_DATA_DIR / DUIZHAO_FRAMEWORKS."""
    dirs = []
    if os.environ.get("DUIZHAO_DATA_DIR"):
        dirs.append(Path(os.environ["DUIZHAO_DATA_DIR"]) / "frameworks")
    for extra in filter(None, os.environ.get("DUIZHAO_FRAMEWORKS", "").split(os.pathsep)):
        dirs.append(Path(extra))
    return dirs


def framework_from_dict(data: dict, path: str = "") -> Framework:
    try:
        aspects = tuple(
            Aspect(
                id=a["id"],
                wording=a["wording"],
                short_name=a["short_name"],
                aliases=tuple(a.get("aliases", ())),
                unverified=bool(a.get("unverified", False)),
            )
            for a in data["aspects"]
        )
        return Framework(
            id=data["id"],
            year=int(data["year"]),
            meeting_kind=data["meeting_kind"],
            meeting_type=data["meeting_type"],
            title=data["title"],
            theme=data.get("theme", ""),
            theme_unverified=bool(data.get("theme_unverified", False)),
            aspects=aspects,
            announcements=tuple(data.get("announcements", ())),
            sources=tuple(data.get("sources", ())),
            notes=data.get("notes", ""),
            path=path,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(path or None, f"年度框架文件格式不对（缺少或错误的字段：{error}）") from error


def load_framework_file(path: Path) -> Framework:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(str(path), f"无法读取年度框架文件（{error}）") from error
    return framework_from_dict(data, str(path))


def _shipped_files():
    folder = resources.files("duizhao") / "data" / "frameworks"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


@lru_cache(maxsize=1)
def _shipped_frameworks() -> tuple[Framework, ...]:
    """The frameworks shipped with duizhao, read once per process (they are frozen dataclasses;
    parsing them for every material cost a batch review about 10 ms a material)."""
    frameworks = []
    for entry in _shipped_files():
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        frameworks.append(framework_from_dict(data, f"duizhao/data/frameworks/{entry.name}"))
    return tuple(frameworks)


def user_framework_files(extra_dirs: list[Path] | None = None) -> list[Path]:
    """A unit's own framework files, in the order they are read (later ones win)."""
    files = []
    for folder in [*user_framework_dirs(), *(extra_dirs or [])]:
        if Path(folder).is_dir():
            files += sorted(Path(folder).glob("*.toml"))
    return files


def user_files_signature(extra_dirs: list[Path] | None = None) -> tuple:
    """Changes whenever a unit's framework file is added, edited or removed (for caches in
    long-running processes)."""
    signature = []
    for path in user_framework_files(extra_dirs):
        try:
            stat = path.stat()
        except OSError:
            continue
        signature.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(signature)


def load_frameworks(extra_dirs: list[Path] | None = None, problems: list[str] | None = None) -> list[Framework]:
    """All frameworks, shipped first, then user files (which override by id), sorted by year.
    A user file that cannot be read raises InputError, or, when a `problems` list is given, is
    skipped and described there (the web pages go on with the others)."""
    by_id: dict[str, Framework] = {framework.id: framework for framework in _shipped_frameworks()}
    for path in user_framework_files(extra_dirs):
        try:
            framework = load_framework_file(path)
        except InputError as error:
            if problems is None:
                raise
            problems.append(f"{path.name}：{error.reason}")
            continue
        by_id[framework.id] = framework
    return sorted(by_id.values(), key=lambda f: (f.year, f.meeting_kind, f.id))


def get_framework(framework_id: str, extra_dirs: list[Path] | None = None) -> Framework:
    for framework in load_frameworks(extra_dirs):
        if framework.id == framework_id:
            return framework
    known = "、".join(f.id for f in load_frameworks(extra_dirs))
    raise InputError(None, f"没有 id 为 “{framework_id}” 的年度框架（已有：{known}）")


# ---------------------------------------------------------------- recognising aspects in headings

_NOT_WORD = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def normalise_for_matching(text: str) -> str:
    """Drop everything but Han characters, letters and digits, so that “…”/"…", ，/, and spaces
    do not stop a heading from matching an aspect's wording."""
    return _NOT_WORD.sub("", text)


_WORDING_LEAD = re.compile(r"^(?:带头|在)+")
_WORDING_TAIL = re.compile(r"(?:方面找差距|方面|的情况|情况)$")
MIN_CLAUSE = 6  # a clause of an official wording shorter than this is too common to name an aspect


def wording_variants(wording: str) -> list[str]:
    """The official wording and the ways headings shorten it: without the lead "带头"/"在" or the
    tail "方面(找差距)"/"情况" ("在学习贯彻……思想方面" for "带头学习贯彻……思想"), and each of its
    clauses of at least MIN_CLAUSE characters ("增强党性" is an alias, not a clause)."""
    variants = [wording]
    core = _WORDING_TAIL.sub("", _WORDING_LEAD.sub("", wording))
    if core != wording:
        variants.append(core)
    clauses = [c for c in re.split(r"[，,；;]", core) if len(normalise_for_matching(c)) >= MIN_CLAUSE]
    if len(clauses) > 1:
        variants += [_WORDING_LEAD.sub("", c) for c in clauses]
    return variants


@dataclass(frozen=True)
class AspectMatch:
    framework_id: str
    aspect_id: str
    length: int  # length of the matched phrase; longer is more specific


class AspectMatcher:
    """Finds which aspects of which frameworks a heading names. One regex over every phrase
    (wording, short name, aliases) of every framework, so a heading costs one scan."""

    def __init__(self, frameworks: list[Framework]):
        self.frameworks = {f.id: f for f in frameworks}
        self._owners: dict[str, list[tuple[str, str]]] = {}
        for framework in frameworks:
            for aspect in framework.aspects:
                for phrase in (*wording_variants(aspect.wording), aspect.short_name, *aspect.aliases):
                    key = normalise_for_matching(phrase)
                    if len(key) >= 2 and (framework.id, aspect.id) not in self._owners.get(key, []):
                        self._owners.setdefault(key, []).append((framework.id, aspect.id))
        phrases = sorted(self._owners, key=len, reverse=True)
        self._regex = re.compile("|".join(map(re.escape, phrases))) if phrases else None
        self._cache: dict[str, list[AspectMatch]] = {}

    def matches(self, heading: str) -> list[AspectMatch]:
        """Every (framework, aspect) whose phrases occur in the heading, longest phrase per pair."""
        if heading in self._cache:
            return self._cache[heading]
        result = self._matches(normalise_for_matching(heading[:300])[:200])
        if len(self._cache) < 10000:
            self._cache[heading] = result
        return result

    def _matches(self, key: str) -> list[AspectMatch]:
        best: dict[tuple[str, str], int] = {}
        if self._regex is not None:
            # Overlapping phrases: try a match at every start position that can begin a phrase.
            position = 0
            while position < len(key):
                found = self._regex.search(key, position)
                if not found:
                    break
                phrase = found.group()
                for owner in self._owners[phrase]:
                    best[owner] = max(best.get(owner, 0), len(phrase))
                # Shorter phrases inside the same span (e.g. an alias within the wording).
                for end in range(found.start() + 2, found.end()):
                    inner = key[found.start() : end]
                    for owner in self._owners.get(inner, ()):
                        best[owner] = max(best.get(owner, 0), len(inner))
                position = found.start() + 1
        return [AspectMatch(f, a, n) for (f, a), n in best.items()]

    def best_aspect(self, heading: str, framework_id: str) -> Aspect | None:
        """The aspect of one framework that the heading names, preferring the longest phrase and
        then the official order."""
        framework = self.frameworks.get(framework_id)
        if framework is None:
            return None
        candidates = [m for m in self.matches(heading) if m.framework_id == framework_id]
        if not candidates:
            return None
        order = {a.id: i for i, a in enumerate(framework.aspects)}
        chosen = max(candidates, key=lambda m: (m.length, -order[m.aspect_id]))
        return framework.aspect(chosen.aspect_id)
