"""The desktop entry and icon that install.sh --desktop-entry installs."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET

from tests.packaging.conftest import REPO

RESOURCES = REPO / "resources"


def test_the_desktop_entry_starts_airlock_gui_with_its_icon() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(RESOURCES / "desktop" / "airlock.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Airlock"
    assert entry["Exec"] == "airlock-gui"  # install.sh puts the environment's path here
    assert entry["Icon"] == "airlock"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_the_icon_is_square_svg_and_its_png_rendering_exists() -> None:
    root = ET.parse(RESOURCES / "icons" / "airlock.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"
    png = (RESOURCES / "icons" / "airlock.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == int.from_bytes(png[20:24], "big") == 256
