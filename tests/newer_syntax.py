"""An expression this interpreter cannot parse, as code newer than it would be.

Airlock runs on Python 3.12 or newer, so 3.12's f-strings parse; 3.14's template strings
(t"...") do not parse before 3.14. On 3.14 and later, where no newer syntax is known yet,
an expression that no Python parses stands in.
"""

from __future__ import annotations

import sys

NEWER_SYNTAX = 't"{names}"' if sys.version_info < (3, 14) else "names ?? []"
