#!/bin/sh
# 对照 (duizhao) @VERSION@ 离线安装：./install.sh [安装目录]（默认 /opt/duizhao）
# 只用本安装包里的 wheels 建立 Python 虚拟环境，不访问网络（pip --no-index）。
set -eu
PREFIX="${1:-/opt/duizhao}"
HERE="$(cd "$(dirname "$0")" && pwd)"
WHEELS="$HERE/wheels"
BUNDLE_PLATFORM="@PLATFORM@"
BUNDLE_PYTHONS="@PYTHONS@"

fail() { echo "安装失败：$*" >&2; exit 1; }

case "$(uname -m)" in
  x86_64|amd64) machine="linux-x86_64" ;;
  aarch64|arm64) machine="linux-aarch64" ;;
  *) machine="$(uname -m)" ;;
esac
[ "$machine" = "$BUNDLE_PLATFORM" ] || fail "本安装包适用于 $BUNDLE_PLATFORM，本机是 $machine，请换用对应的安装包。"

# The newest Python of the bundle's versions that is installed here (or the one in $PYTHON).
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for version in $BUNDLE_PYTHONS; do
    if command -v "python$version" >/dev/null 2>&1; then python="python$version"; fi
  done
fi
if [ -z "$python" ] && command -v python3 >/dev/null 2>&1; then python=python3; fi
[ -n "$python" ] || fail "未找到 Python 3（需要 $BUNDLE_PYTHONS 之一）。Debian/统信/麒麟：apt-get install python3 python3-venv"
have="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
case " $BUNDLE_PYTHONS " in
  *" $have "*) ;;
  *) fail "$python 的版本是 $have，本安装包支持 $BUNDLE_PYTHONS。请安装其中一个版本，或用 PYTHON=/path/to/python3.x ./install.sh 指定。" ;;
esac

# Only this bundle: no pip configuration of the machine (index, mirrors, constraints) may interfere.
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_CONSTRAINT PIP_REQUIREMENT 2>/dev/null || true

echo "使用 $python（Python $have），安装到 $PREFIX ……"
if [ ! -x "$PREFIX/bin/python" ]; then
  "$python" -m venv "$PREFIX" 2>/dev/null || fail "无法创建虚拟环境。Debian/统信/麒麟请先安装 python3-venv（或 python$have-venv），并确认对 $PREFIX 有写权限。"
fi
"$PREFIX/bin/python" -m pip install --quiet --no-index --find-links "$WHEELS" --upgrade "duizhao[postgres]==@VERSION@" \
  || fail "pip 从安装包安装时出错（见上方信息）。"
"$PREFIX/bin/duizhao" --version >/dev/null || fail "安装后无法运行 $PREFIX/bin/duizhao"

echo "安装完成：$PREFIX/bin/duizhao（$("$PREFIX/bin/duizhao" --version)）"
echo "试运行：$PREFIX/bin/duizhao serve --data /var/lib/duizhao --host 127.0.0.1 --port 8000"
echo "正式部署（systemd、nginx、HTTPS）见同目录的 部署说明.md。"
