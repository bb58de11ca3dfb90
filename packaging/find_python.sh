#!/bin/sh
# Prints the newest Python >= 3.12 this machine has, for the Makefile (and says nothing else).
# Airlock analyses the Python syntax its own interpreter parses, so it runs on the newest one:
# python3.14, 3.13, 3.12 on PATH first, then pyenv's and uv's installs (a pyenv shim that is
# not selected fails to run and is skipped), then plain python3 if that is new enough.
set -u
works() {
    "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1
}
for minor in 14 13 12; do
    for candidate in \
        "python3.$minor" \
        "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3."$minor".*/bin/python3."$minor" \
        "$HOME"/.local/share/uv/python/cpython-3."$minor".*/bin/python3."$minor"; do
        if works "$candidate"; then
            command -v "$candidate" 2>/dev/null || echo "$candidate"
            exit 0
        fi
    done
done
if works python3; then
    command -v python3
    exit 0
fi
exit 1
