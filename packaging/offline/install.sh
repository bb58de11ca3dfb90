#!/bin/sh
# Install Airlock from this offline bundle, with no network.
#
# 1. Verify: every file listed in SHA256SUMS must exist and match, and every file in the
#    bundle must be listed (an added file is tampering too). Anything else: refuse, naming
#    the files, before anything is installed.
# 2. Create a virtual environment and install Airlock and the embedded model from
#    wheelhouse/ only (pip --no-index: no index is ever contacted).
# 3. Optionally add a desktop entry for the current user.
#
# POSIX sh; needs python3 (the version in manifest.json) with the venv module, and sha256sum
# (coreutils) or, failing that, python3 for hashing. See INSTALL.md.
set -eu

PROG=install.sh
EXIT_USAGE=2
EXIT_REFUSED=3

say() { printf '%s: %s\n' "$PROG" "$*"; }
fail() { code=$1; shift; printf '%s: %s\n' "$PROG" "$*" >&2; exit "$code"; }

usage() {
    cat <<'EOF'
Usage: sh install.sh [--venv DIR] [--python PYTHON] [--desktop-entry] [--force]
       sh install.sh --verify-only

  --venv DIR        where to create Airlock's virtual environment
                    (default: ${XDG_DATA_HOME:-~/.local/share}/airlock/venv)
  --python PYTHON   the Python to build it with (default: python3; must match the
                    bundle's Python version, see manifest.json)
  --desktop-entry   also add Airlock to the desktop menu (~/.local/share/applications)
  --force           replace an existing Airlock environment at DIR
  --verify-only     check the bundle's files against SHA256SUMS and stop

Exit codes: 0 installed (or verified), 2 bad usage, 3 the bundle failed verification,
1 anything else (the message says what).
EOF
}

data_home=${XDG_DATA_HOME:-$HOME/.local/share}
venv=$data_home/airlock/venv
python=python3
desktop=0
verify_only=0
force=0
while [ $# -gt 0 ]; do
    case $1 in
        --venv) [ $# -ge 2 ] || fail $EXIT_USAGE "--venv needs a directory"; venv=$2; shift 2 ;;
        --venv=*) venv=${1#--venv=}; shift ;;
        --python) [ $# -ge 2 ] || fail $EXIT_USAGE "--python needs a program"; python=$2; shift 2 ;;
        --python=*) python=${1#--python=}; shift ;;
        --desktop-entry) desktop=1; shift ;;
        --force) force=1; shift ;;
        --verify-only) verify_only=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) fail $EXIT_USAGE "unknown option '$1' (see sh install.sh --help)" ;;
    esac
done
case $venv in /*) ;; *) venv=$(pwd)/$venv ;; esac

bundle=$(cd "$(dirname "$0")" && pwd)
cd "$bundle"

# -- 1. verification ---------------------------------------------------------------------

# Prints "NAME: FAILED" for each listed file that is missing or differs, like sha256sum -c.
check_hashes() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum --strict -c SHA256SUMS 2>/dev/null | sed -n 's/: FAILED.*$/: FAILED/p'
        return 0
    fi
    "$python" - <<'EOF'
import hashlib
from pathlib import Path

for line in Path("SHA256SUMS").read_text(encoding="utf-8").splitlines():
    expected, _, name = line.partition("  ")
    digest = hashlib.sha256()
    try:
        with open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        print(f"{name}: FAILED")
        continue
    if digest.hexdigest() != expected:
        print(f"{name}: FAILED")
EOF
}

# Prints every file (or link, or other non-folder) in the bundle that SHA256SUMS does not list.
unlisted_files() {
    find . ! -type d ! -path ./SHA256SUMS | awk '
        FNR == NR { listed[substr($0, 67)] = 1; next }
        !(substr($0, 3) in listed) { print substr($0, 3) }
    ' SHA256SUMS -
}

verify_bundle() {
    [ -f SHA256SUMS ] || fail $EXIT_REFUSED "refusing to install: SHA256SUMS is missing from $bundle"
    if grep -Evq '^[0-9a-f]{64}  [^/]' SHA256SUMS; then
        fail $EXIT_REFUSED "refusing to install: SHA256SUMS has malformed lines (it was edited)"
    fi
    problems=0
    failed=$(check_hashes | sed -n 's/: FAILED$//p')
    unlisted=$(unlisted_files)
    # Here-documents, not pipes: the loops must run in this shell to count.
    while IFS= read -r name; do
        [ -n "$name" ] || continue
        if [ -e "$name" ]; then
            printf '%s: %s: its SHA-256 does not match SHA256SUMS\n' "$PROG" "$name" >&2
        else
            printf '%s: %s: listed in SHA256SUMS but missing\n' "$PROG" "$name" >&2
        fi
        problems=$((problems + 1))
    done <<EOF
$failed
EOF
    while IFS= read -r name; do
        [ -n "$name" ] || continue
        printf '%s: %s: not listed in SHA256SUMS (added to the bundle)\n' "$PROG" "$name" >&2
        problems=$((problems + 1))
    done <<EOF
$unlisted
EOF
    if [ "$problems" -gt 0 ]; then
        fail $EXIT_REFUSED "refusing to install: $problems file(s) failed verification, so" \
            "the bundle was damaged or tampered with. Nothing was installed. Get a fresh copy" \
            "and check the .tar against the SHA-256 published with it."
    fi
    say "verified $(wc -l <SHA256SUMS | tr -d ' ') files against SHA256SUMS"
}

verify_bundle
[ "$verify_only" -eq 0 ] || exit 0

# -- 2. the environment ------------------------------------------------------------------

command -v "$python" >/dev/null 2>&1 || fail 1 "'$python' not found: install Python 3 or pass --python"
# The manifest says which Python the wheels were built for; check before creating anything.
identity=$("$python" - <<'EOF'
import json
import sys
from pathlib import Path

manifest = json.loads(Path("manifest.json").read_text(encoding="utf-8"))
tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
needed = (manifest.get("llama_cpp") or {}).get("cpu_features") or []
cpuinfo = Path("/proc/cpuinfo")
flags = set(cpuinfo.read_text().split()) if cpuinfo.exists() else set(needed)
missing = ",".join(flag for flag in needed if flag not in flags) or "-"
print(manifest["airlock_version"], manifest["python_tag"], tag, missing)
EOF
) || fail 1 "could not read manifest.json with $python"
set -- $identity
version=$1 wanted=$2 have=$3 missing_cpu=$4
[ "$wanted" = "$have" ] || fail 1 "this bundle is for Python $wanted but $python is $have;" \
    "pass --python with a matching interpreter (e.g. --python python3.${wanted#cp3})"
if [ "$missing_cpu" != "-" ]; then
    # Not a refusal: the deterministic review stages work on any CPU.
    say "WARNING: this CPU lacks $missing_cpu, which the bundled llama.cpp needs: the model" \
        "will not run here (reviews with --no-model still work). See INSTALL.md." >&2
fi

case $venv/ in "$bundle"/*) fail $EXIT_USAGE "--venv must be outside the bundle folder" ;; esac
if [ -e "$venv" ]; then
    [ -f "$venv/pyvenv.cfg" ] || [ -z "$(ls -A "$venv")" ] \
        || fail 1 "$venv exists and is not a virtual environment; choose another --venv"
    if [ -f "$venv/pyvenv.cfg" ]; then
        [ "$force" -eq 1 ] || fail 1 "$venv already exists; pass --force to replace it"
        say "removing the previous environment in $venv"
        rm -rf "$venv"
    fi
fi

# Only the wheels in this bundle: no index, and none of the caller's pip settings (a
# PIP_FIND_LINKS or pip.conf could otherwise supply packages from elsewhere).
for name in $(env | sed -n 's/^\(PIP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$name"; done
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1

say "creating $venv"
"$python" -m venv "$venv" || fail 1 "$python -m venv failed (on Debian/Ubuntu: apt install python3-venv)"
say "installing Airlock $version and the embedded model from wheelhouse/ (no network)"
"$venv/bin/python" -m pip install \
    --no-index --find-links "$bundle/wheelhouse" --only-binary :all: --no-cache-dir \
    --disable-pip-version-check --progress-bar off --quiet \
    "airlock[model]==$version" || fail 1 "pip could not install from wheelhouse/ (see above)"

# -- 3. desktop entry --------------------------------------------------------------------

if [ "$desktop" -eq 1 ]; then
    apps=$data_home/applications
    icons=$data_home/icons/hicolor/scalable/apps
    mkdir -p "$apps" "$icons"
    cp desktop/airlock.svg "$icons/airlock.svg"
    # sed replacement text: escape the characters sed treats specially.
    exec_path=$(printf '%s' "$venv/bin/airlock-gui" | sed 's/[\\&|]/\\&/g')
    icon_path=$(printf '%s' "$icons/airlock.svg" | sed 's/[\\&|]/\\&/g')
    sed -e "s|^Exec=.*|Exec=\"$exec_path\"|" -e "s|^TryExec=.*|TryExec=$exec_path|" \
        -e "s|^Icon=.*|Icon=$icon_path|" desktop/airlock.desktop >"$apps/airlock.desktop"
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$apps" >/dev/null 2>&1 || true
    fi
    say "desktop entry: $apps/airlock.desktop"
fi

cat <<EOF

Airlock $version is installed in $venv. Try it:

  $venv/bin/airlock models list
  $venv/bin/airlock review $bundle/sample --no-save
  $venv/bin/airlock-gui

The first command assembles the embedded model and checks its SHA-256 (a few seconds).
Add $venv/bin to your PATH to type just 'airlock'. For a larger model, see INSTALL.md.
EOF
