#!/usr/bin/env bash
# Installs the Debian packages the tests and the PDF export need, only when missing:
# LibreOffice (PDF), CJK fonts (free stand-ins for 仿宋/楷体/黑体/小标宋), chromium (browser tests),
# poppler-utils (PDF to PNG for looking at pages), nginx and redis (deployment tests: HTTPS proxy, two
# app servers); the last four only for tests.
# Usage: install-system-deps.sh [run|test]   (run: what the product needs; test: also the browser)
set -euo pipefail
purpose="${1:-test}"
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -qi "AR PL UKai" || need+=(fonts-arphic-ukai)
fc-list 2>/dev/null | grep -qi "WenQuanYi Zen Hei" || need+=(fonts-wqy-zenhei)
if [ "$purpose" = "test" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "安装系统依赖 / installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "需要 root 权限安装：${need[*]}（请以 root 运行 apt-get install）" >&2; exit 1
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
