"""Render resources/icons/airlock.svg to the PNG beside it (for desktops without SVG icons).

QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icon.py [--size 256]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args()
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage painting needs an application
    renderer = QSvgRenderer(str(ICONS / "airlock.svg"))
    if not renderer.isValid():
        raise SystemExit("render_icon: airlock.svg is not valid SVG")
    image = QImage(args.size, args.size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    target = ICONS / "airlock.png"
    if not image.save(str(target)):
        raise SystemExit(f"render_icon: could not write {target}")
    print(f"wrote {target} ({args.size}x{args.size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
