"""The fixed parts of Airlock's mapping onto the Open Threat Model (OTM).

Versions, the name of our extension block, the numeric scales OTM uses where Airlock has named
levels, and readable ids. Export (`otm_export`) and import (`otm_import`) share these so the two
directions cannot drift apart; docs/otm.md shows them as a table.
"""

from __future__ import annotations

import re

OTM_VERSION = "0.2.0"
# 0.2.0 only added optional fields to 0.1.0, so both read the same way.
READABLE_OTM_VERSIONS = ("0.1.0", "0.2.0")

# `attributes: {airlock: {...}}` on the project and on each element carries what OTM has no
# field for; its presence also marks an element as written by Airlock.
EXTENSION_KEY = "airlock"
EXTENSION_FORMAT = 1

# OTM rates trust zones 0-100 ("how trustworthy"); Airlock has three levels. The exported
# numbers sit inside the import bands below, so a level survives the trip on its own.
TRUST_RATINGS = {"untrusted": 1, "authenticated": 50, "privileged": 100}
UNSTATED_TRUST_RATING = 50
# OTM rates an asset's confidentiality 0-100 ("how bad would a leak be"); Airlock classifies.
CONFIDENTIALITY = {"public": 0, "internal": 33, "confidential": 67, "restricted": 100}
UNSTATED_CONFIDENTIALITY = 50
# OTM requires integrity and availability too; Airlock does not assess them, so: the middle.
NOT_ASSESSED = 50

# Component types from IriusRisk's library, which OTM tools commonly understand.
ACTOR_TYPE = "generic-client"
ENDPOINT_TYPE = "empty-component"

# OTM components must sit in a trust zone, but Airlock's actors (and flow endpoints that are
# not a declared zone) have none: they go into this zone, untrusted as the safe default.
EXTERNAL_ZONE_ID = "airlock-external"
EXTERNAL_ZONE_NAME = "External (added by Airlock)"
EXTERNAL_ZONE_DESCRIPTION = (
    "Actors and data-flow endpoints that are not a declared trust zone. Added by Airlock's"
    " OTM export and dropped again when Airlock imports the file."
)
EXTERNAL_ZONE_RATING = 1

# The list sections of an Airlock model; OTM cannot tell "not stated" from "none" for all of
# them, so the project extension names the ones that were not stated.
SECTIONS = ("assets", "actors", "trust_zones", "data_flows")
# Top-level Airlock fields with no OTM counterpart, carried in the project extension.
PROJECT_FIELDS = ("exposure", "compliance", "policies", "assumptions", "notes")


def rating_for_trust(trust: str | None) -> int:
    return UNSTATED_TRUST_RATING if trust is None else TRUST_RATINGS[trust]


def trust_for_rating(rating: float) -> str:
    """0 to under 34 untrusted, 34 to under 67 authenticated, 67 to 100 privileged."""
    if rating < 34:
        return "untrusted"
    return "authenticated" if rating < 67 else "privileged"


def confidentiality_for(classification: str | None) -> int:
    if classification is None:
        return UNSTATED_CONFIDENTIALITY
    return CONFIDENTIALITY[classification]


def classification_for(confidentiality: float) -> str:
    """Cut halfway between the exported values: 0, 33, 67, 100."""
    if confidentiality < 17:
        return "public"
    if confidentiality < 50:
        return "internal"
    return "confidential" if confidentiality < 84 else "restricted"


class IdMaker:
    """Readable ids (`zone-api-service`), unique within one document."""

    def __init__(self) -> None:
        self._used: set[str] = {EXTERNAL_ZONE_ID}

    def make(self, prefix: str, name: str) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
        base = f"{prefix}-{slug}" if slug else prefix
        candidate, number = base, 2
        while candidate in self._used:
            candidate, number = f"{base}-{number}", number + 1
        self._used.add(candidate)
        return candidate
