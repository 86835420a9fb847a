#!/usr/bin/env bash
# bidgen developer entry point (Debian, Python >= 3.11).
#
#   ./dev.sh sample        install what is needed, build samples/it_ops.yaml into out/
#   ./dev.sh test [ARGS]   install what is needed, run the test suite (ARGS go to pytest)
#   ./dev.sh setup         only install
#
# It installs the Debian packages the PDF and the tests need (fonts-noto-cjk, graphviz,
# libharfbuzz-subset0, poppler-utils; LibreOffice for the end-to-end tests) and
# the Python packages into .venv. Re-running is cheap: each step is skipped when
# already done.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
SAMPLE_DEBS=(fonts-noto-cjk libharfbuzz-subset0 fontconfig graphviz)
TEST_DEBS=(poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui chromium chromium-driver)

say() { printf '[bidgen] %s\n' "$*" >&2; }

install_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      say "缺少 Debian 软件包：${missing[*]}，请以 root 身份安装（apt-get install ${missing[*]}）"
      return 1
    fi
  fi
  say "安装 Debian 软件包：${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_python() {
  local stamp="$VENV/.installed"
  if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then return 0; fi
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "需要 Python 3.11 或更高版本（当前：$("$PYTHON" --version 2>&1)）"
    return 1
  fi
  say "安装 Python 依赖到 $VENV"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  # pip and setuptools are chatty about editable builds: keep their output in a
  # log and show it only when the install fails.
  local log="$VENV/install.log"
  if ! { "$VENV/bin/python" -m pip install -q --upgrade pip &&
         "$VENV/bin/python" -m pip install -q -e '.[test]'; } >"$log" 2>&1; then
    cat "$log" >&2
    say "安装 Python 依赖失败（详见 $log）"
    return 1
  fi
  touch "$stamp"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  setup)
    install_debs "${SAMPLE_DEBS[@]}" "${TEST_DEBS[@]}"
    install_python
    ;;
  sample)
    install_debs "${SAMPLE_DEBS[@]}"
    install_python
    "$VENV/bin/bidgen" build samples/it_ops.yaml -o out/ "$@"
    ;;
  test)
    install_debs "${SAMPLE_DEBS[@]}" "${TEST_DEBS[@]}"
    install_python
    "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "用法：./dev.sh sample | test [pytest 参数] | setup" >&2
    exit 2
    ;;
esac
