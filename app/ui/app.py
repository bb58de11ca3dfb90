"""`airlock-gui`: start the desktop app.

Where there is no display the app says so in one line and points to the headless commands,
instead of letting Qt abort the process.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from app import __version__
from app.core.logconfig import configure_logging
from app.llm.offline import enforce_offline

NO_DISPLAY_MESSAGE = (
    "airlock-gui: no display found (DISPLAY/WAYLAND_DISPLAY unset); the desktop app needs a "
    "screen. Headless, use the CLI: .venv/bin/airlock --help (project, review, models)."
)


def has_display() -> bool:
    """Whether Qt can open a window here (or was told to render offscreen)."""
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="airlock-gui", description="Airlock desktop app")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PATH",
        help=(
            "save a PNG of the main window to PATH.png, or, when PATH is a folder (or has no "
            "extension), PNGs of the main views with a demo project into it; then quit "
            "(works offscreen)"
        ),
    )
    parser.add_argument("--debug", action="store_true", help="log everything to stderr")
    parser.add_argument("--version", action="version", version=f"airlock {__version__}")
    return parser.parse_args(argv)


# Qt-free modules the window's code uses, in import order.
CORE_MODULES = (
    "html.entities",
    "pygments.lexers",
    "pygments.styles.default",
    "pygments.styles.gh_dark",
    "app.store.migrations",
    "app.ui.jobs",
    "app.ui.model_jobs",
    "app.ui.project_jobs",
)


def import_core_first() -> None:
    """Import the Qt-free modules the window needs before PySide6 is loaded.

    Once PySide6 is imported, its import hook reads the source of every module imported
    afterwards (to support its `__feature__` switches), which makes each import several
    times slower: about 0.3 s of start-up for Airlock's own modules.
    """
    for name in CORE_MODULES:
        importlib.import_module(name)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging(debug=args.debug)
    enforce_offline()  # only an explicit model download lifts it, for its duration
    if args.screenshot and not has_display():
        # A screenshot needs no screen: render offscreen.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 0
    import_core_first()
    from app.ui.main_window import run_app  # Qt is imported only once we know we can use it

    return run_app(screenshot=args.screenshot)


if __name__ == "__main__":
    sys.exit(main())
