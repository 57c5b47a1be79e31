"""Count mypy's errors per package where pyproject.toml still lets them pass (the override marked
NOT YET STRICT, `ignore_errors = true`): runs mypy with pyproject's settings less that flag and
prints the count per package. Always exits 0: it measures the debt; `make lint` enforces the rest."""

import collections
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ini_value(value) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def debt_config() -> str:
    """pyproject's [tool.mypy] as a mypy.ini, without `ignore_errors` in the overrides."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    mypy = dict(tool["mypy"])
    overrides = mypy.pop("overrides", [])
    mypy["exclude"] = "|".join(mypy.get("exclude", []))  # a regex in ini files
    lines = ["[mypy]"] + [f"{k} = {ini_value(v)}" for k, v in mypy.items()]
    lines += [
        "",
        "[mypy.plugins.django-stubs]",
        f"django_settings_module = {tool['django-stubs']['django_settings_module']}",
    ]
    for override in overrides:
        modules = override["module"] if isinstance(override["module"], list) else [override["module"]]
        options = {k: v for k, v in override.items() if k not in ("module", "ignore_errors")}
        lines += ["", f"[mypy-{','.join(modules)}]"] + [f"{k} = {ini_value(v)}" for k, v in options.items()]
    return "\n".join(lines) + "\n"


def main() -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write(debt_config())
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", config.name], cwd=ROOT, capture_output=True, text=True
    )
    Path(config.name).unlink()
    counts = collections.Counter()
    for line in result.stdout.splitlines():
        match = re.match(r"src/duizhao/([^/:]+)(/)?[^:]*:\d+: error:", line)
        if match:
            counts[match.group(1) + ("/" if match.group(2) else "")] += 1
    print("mypy errors per package (with the NOT YET STRICT override lifted):")
    for package, count in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"  {package:<14} {count}")
    print(f"  {'total':<14} {sum(counts.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
