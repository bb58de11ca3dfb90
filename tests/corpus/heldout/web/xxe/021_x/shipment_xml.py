"""Parsing of carrier shipment-status notifications (ShipNotice 1.3)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO
from xml.dom import pulldom

from defusedxml import pulldom as defused_pulldom


@dataclass
class StatusEvent:
    code: str
    location: str
    note: str


@dataclass
class ShipNotice:
    tracking_number: str = ""
    carrier: str = ""
    events: list[StatusEvent] = field(default_factory=list)


def _text(node) -> str:
    return "".join(c.data for c in node.childNodes if c.nodeType == c.TEXT_NODE).strip()


def read_notice(stream: BinaryIO) -> ShipNotice:
    notice = ShipNotice()
    doc = defused_pulldom.parse(stream)
    for event, node in doc:
        if event != pulldom.START_ELEMENT:
            continue
        match node.tagName:
            case "TrackingNumber":
                doc.expandNode(node)
                notice.tracking_number = _text(node)
            case "Carrier":
                doc.expandNode(node)
                notice.carrier = _text(node)
            case "StatusEvent":
                doc.expandNode(node)
                parts = {child.tagName: _text(child) for child in node.childNodes if child.nodeType == child.ELEMENT_NODE}
                notice.events.append(
                    StatusEvent(
                        code=parts.get("Code", ""),
                        location=parts.get("Location", ""),
                        note=parts.get("Note", ""),
                    )
                )
    return notice
