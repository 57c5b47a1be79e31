"""Build the offline installer: dist/duizhao-<version>-offline-<platform>.tar.gz.

One archive per platform (linux-x86_64, linux-aarch64) holding install.sh, 安装说明.md and the
wheels of duizhao and of every runtime dependency (with PostgreSQL and Redis support) for every
supported Python version, so `./install.sh /opt/duizhao` needs no network (pip --no-index).

Usage: python scripts/build_bundle.py [--platform linux-x86_64 ...] [--python 3.11 ...] [--out dist]
       python scripts/build_bundle.py --host   (this machine's platform and Python only: for tests)

Needs the package registry while building (pip download). A dependency published only as a
source archive is built into a wheel here; that works only for pure-Python ones (py3-none-any),
anything else stops the build with the name of the package.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "bundle"
PLATFORMS = {"linux-x86_64": "x86_64", "linux-aarch64": "aarch64"}
GLIBC_MINOR = range(17, 29)  # glibc 2.17 to 2.28: Debian 10+, 麒麟 V10 and 统信 UOS 20 have 2.28
PYTHONS = ("3.11", "3.12", "3.13")
EXTRAS = ("postgres",)


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def runtime_requirements(meta: dict) -> list[str]:
    requirements = list(meta["dependencies"])
    for extra in EXTRAS:
        requirements += meta["optional-dependencies"][extra]
    return requirements


def host_platform() -> str:
    machine = platform.machine().lower()
    name = {"x86_64": "linux-x86_64", "amd64": "linux-x86_64", "aarch64": "linux-aarch64", "arm64": "linux-aarch64"}
    if sys.platform != "linux" or machine not in name:
        raise SystemExit(f"只能在 Linux x86_64 / aarch64 上为本机构建（本机：{sys.platform} {machine}）")
    return name[machine]


def pip(*args: str, env: dict | None = None) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, env=env)


def local_wheels(requirements_file: Path, work: Path) -> Path:
    """Wheels built here for dependencies that are published only as source archives."""
    sources, built = work / "sources", work / "built"
    built.mkdir(parents=True, exist_ok=True)
    pip("download", "--quiet", "-d", str(sources), "-r", str(requirements_file))
    for archive in sorted(sources.iterdir()):
        if archive.suffix == ".whl":
            continue
        pip("wheel", "--quiet", "--no-deps", "-w", str(built), str(archive))
    for wheel in built.iterdir():
        if not wheel.name.endswith("-none-any.whl"):
            raise SystemExit(f"{wheel.name}：没有现成的 wheel，且不是纯 Python 包，无法做成离线安装包")
    return built


def platform_tags(arch: str) -> list[str]:
    """Every manylinux tag a glibc-2.28 machine accepts: pip does not widen a --platform by itself."""
    tags = [f"manylinux_2_{minor}_{arch}" for minor in reversed(GLIBC_MINOR)] + [f"manylinux2014_{arch}"]
    return [option for tag in tags for option in ("--platform", tag)]


def download(requirements_file: Path, wheels: Path, found: Path, arch: str, python: str) -> None:
    pip(
        "download",
        "--quiet",
        "--only-binary=:all:",
        *platform_tags(arch),
        "--python-version",
        python,
        "--implementation",
        "cp",
        "--find-links",
        str(found),
        "-d",
        str(wheels),
        "-r",
        str(requirements_file),
    )


def target_environment(arch: str, python: str) -> dict:
    """Marker values of the oldest release of `python` on `arch` (Debian 12 ships 3.11.2)."""
    return {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "platform_machine": arch,
        "sys_platform": "linux",
        "platform_system": "Linux",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
    }


def missing_dependencies(wheels: Path, arch: str, python: str) -> list[str]:
    """Dependencies whose markers hold on the target but not here: pip download judges markers by
    the Python running it, not by --python-version (redis needs async-timeout below 3.11.3)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    have = {canonicalize_name(w.name.split("-")[0]) for w in wheels.glob("*.whl")}
    environment = target_environment(arch, python)
    missing = []
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            [metadata] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            lines = archive.read(metadata).decode("utf-8").splitlines()
        for line in lines:
            if not line.startswith("Requires-Dist:"):
                continue
            requirement = Requirement(line.split(":", 1)[1].strip())
            if requirement.marker is None or "extra" in str(requirement.marker):
                continue
            if requirement.marker.evaluate(environment) and canonicalize_name(requirement.name) not in have:
                requirement.marker = None
                missing.append(str(requirement))
    return sorted(set(missing))


def check_complete(wheels: Path, pythons: list[str]) -> None:
    """Every compiled wheel must exist for every Python version (abi3 wheels count for all)."""
    compiled = [w.name for w in wheels.glob("*.whl") if not w.name.endswith("-none-any.whl")]
    projects = {name.split("-")[0] for name in compiled}
    for project_name in sorted(projects):
        for python in pythons:
            tag = "cp" + python.replace(".", "")
            if not any(n.split("-")[0] == project_name and (f"-{tag}-" in n or "-abi3-" in n) for n in compiled):
                raise SystemExit(f"缺少 {project_name} 对 Python {python} 的 wheel")


def check_installable(wheels: Path, version: str, arch: str, python: str) -> None:
    """What install.sh will do, for each target, from the wheels alone: pip resolves
    duizhao[postgres] with no index and none of this machine's pip settings (dry run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    with tempfile.TemporaryDirectory(prefix="duizhao-bundle-check-") as target:
        pip(
            "install",
            "--quiet",
            "--dry-run",
            "--ignore-installed",
            "--no-index",
            "--find-links",
            str(wheels),
            "--only-binary=:all:",
            *platform_tags(arch),
            "--python-version",
            python,
            "--implementation",
            "cp",
            "--target",
            target,
            f"duizhao[{','.join(EXTRAS)}]=={version}",
            env=env,
        )


def write_installer(folder: Path, version: str, platform_name: str, pythons: list[str]) -> None:
    script = (DEPLOY / "install.sh").read_text(encoding="utf-8")
    script = script.replace("@VERSION@", version).replace("@PLATFORM@", platform_name)
    script = script.replace("@PYTHONS@", " ".join(pythons))
    (folder / "install.sh").write_text(script, encoding="utf-8")
    (folder / "install.sh").chmod(0o755)
    readme = (DEPLOY / "安装说明.md").read_text(encoding="utf-8").replace("@VERSION@", version)
    (folder / "安装说明.md").write_text(readme, encoding="utf-8")
    deploy = folder / "deploy"
    deploy.mkdir()
    for name in ("duizhao@.service", "duizhao.env", "nginx-duizhao.conf"):
        shutil.copy(ROOT / "deploy" / name, deploy / name)
    shutil.copy(ROOT / "docs" / "deploy.md", folder / "部署说明.md")


def build(platform_name: str, pythons: list[str], out: Path) -> Path:
    meta = project()
    version = meta["version"]
    name = f"duizhao-{version}-offline-{platform_name}"
    with tempfile.TemporaryDirectory(prefix="duizhao-bundle-") as temp:
        work = Path(temp)
        folder = work / name
        wheels = folder / "wheels"
        wheels.mkdir(parents=True)
        requirements = work / "requirements.txt"
        requirements.write_text("\n".join(runtime_requirements(meta)) + "\n", encoding="utf-8")
        pip("wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT))
        found = local_wheels(requirements, work)
        for built in found.iterdir():
            shutil.copy(built, wheels / built.name)
        arch = PLATFORMS[platform_name]
        for python in pythons:
            download(requirements, wheels, found, arch, python)
            for _ in range(3):  # what the added ones need in turn
                missing = missing_dependencies(wheels, arch, python)
                if not missing:
                    break
                extra = work / "missing.txt"
                extra.write_text("\n".join(missing) + "\n", encoding="utf-8")
                download(extra, wheels, found, arch, python)
        check_complete(wheels, pythons)
        for python in pythons:
            check_installable(wheels, version, arch, python)
        write_installer(folder, version, platform_name, pythons)
        out.mkdir(parents=True, exist_ok=True)
        archive = out / f"{name}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(folder, arcname=name)
    print(f"已生成离线安装包：{archive}（{archive.stat().st_size // (1024 * 1024)} MB）", flush=True)
    return archive


def main() -> int:
    parser = argparse.ArgumentParser(description="构建离线安装包")
    parser.add_argument("--platform", action="append", choices=sorted(PLATFORMS))
    parser.add_argument("--python", action="append", choices=PYTHONS)
    parser.add_argument("--host", action="store_true", help="只为本机的平台和 Python 版本构建（测试用）")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    if args.host:
        platforms, pythons = [host_platform()], [f"{sys.version_info.major}.{sys.version_info.minor}"]
    else:
        platforms, pythons = args.platform or sorted(PLATFORMS), args.python or list(PYTHONS)
    for platform_name in platforms:
        build(platform_name, pythons, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
