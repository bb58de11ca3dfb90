"""Flows decided by constants: dead branches, overwritten values, other elements."""

from __future__ import annotations

import pytest

from tests.scan_flow import slugs

HEAD = """
import os
from flask import Flask, request
app = Flask(__name__)
DEBUG = False
MODE = "safe"
LIMIT = 2 * 5

@app.route("/x")
def handler():
    value = request.args["v"]
"""

# (vulnerable flow, safe look-alike decided by constants)
CASES = [
    ("if 2 + 2 == 4:\n        os.system(value)", "if 2 + 2 == 5:\n        os.system(value)"),
    ("if True:\n        os.system(value)", "if False:\n        os.system(value)"),
    ("if not DEBUG:\n        os.system(value)", "if DEBUG:\n        os.system(value)"),
    ("if MODE.upper() == 'SAFE':\n        os.system(value)",
     "if MODE != 'safe':\n        os.system(value)"),
    ("if LIMIT > 5:\n        os.system(value)", "if LIMIT > 50:\n        os.system(value)"),
    ("if DEBUG or value:\n        os.system(value)",
     "if DEBUG and value:\n        os.system(value)"),
    ("while 1 < 2:\n        os.system(value)\n        break",
     "while 1 > 2:\n        os.system(value)"),
    ("cmd = value\n    os.system(cmd)", "cmd = value\n    cmd = 'uptime'\n    os.system(cmd)"),
    ("cmd = value\n    if len(value) > 3:\n        cmd = 'uptime'\n    os.system(cmd)",
     "cmd = value\n    if len(value) > 3:\n        cmd = 'uptime'\n    else:\n"
     "        cmd = 'date'\n    os.system(cmd)"),
    ("os.system(['uptime', value][1])", "os.system(['uptime', value][0])"),
    ("os.system(('uptime', value)[-1])", "os.system(('uptime', value)[-2])"),
    ("os.system({'a': 'uptime', 'b': value}['b'])", "os.system({'a': 'uptime', 'b': value}['a'])"),
    ("cmds = {'a': 'uptime'}\n    cmds['b'] = value\n    os.system(cmds['b'])",
     "cmds = {'a': 'uptime'}\n    cmds['b'] = value\n    os.system(cmds['a'])"),
    ("first, second = 'uptime', value\n    os.system(second)",
     "first, second = 'uptime', value\n    os.system(first)"),
    ("os.system(value if LIMIT else 'uptime')", "os.system(value if not LIMIT else 'uptime')"),
    ("os.system((cmd := value))", "os.system((cmd := 'uptime'))"),
    ("if len(value) > 100:\n        return 'too long'\n    os.system(value)",
     "if LIMIT:\n        return 'no'\n    os.system(value)"),
    ("for part in [value, 'b']:\n        os.system(part)",
     "for part in ['a', 'b']:\n        os.system(part)"),
    ("parts = ['echo']\n    parts.append(value)\n    os.system(' '.join(parts))",
     "parts = ['echo']\n    parts.append('hi')\n    os.system(' '.join(parts))"),
    ("try:\n        os.system(value)\n    except OSError:\n        pass",
     "try:\n        value = 'uptime'\n    finally:\n        os.system(value)"),
]  # fmt: skip


@pytest.mark.parametrize(("vulnerable", "safe"), CASES)
def test_constants_decide_the_flow(vulnerable: str, safe: str) -> None:
    assert slugs(HEAD + "    " + vulnerable + "\n") == ["command-injection"]
    assert slugs(HEAD + "    " + safe + "\n") == []


def test_a_module_constant_changed_by_a_function_is_not_trusted() -> None:
    code = """
    import os
    from flask import Flask, request
    app = Flask(__name__)
    ENABLED = False

    def enable():
        global ENABLED
        ENABLED = True

    @app.route("/x")
    def handler():
        if ENABLED:
            os.system(request.args["v"])
    """
    assert slugs(code) == ["command-injection"]


def test_loop_carried_taint_reaches_a_fixpoint() -> None:
    code = HEAD + (
        "    a = b = c = 'x'\n"
        "    for _ in range(3):\n        c = b\n        b = a\n        a = value\n"
        "    os.system(c)\n"
    )
    assert slugs(code) == ["command-injection"]


def test_hostile_constants_do_not_hang_the_analysis() -> None:
    code = HEAD + (
        "    big = 'a' * 10 ** 12\n    huge = 9 ** 9 ** 9\n    wide = '%999999999s' % 'x'\n"
        "    wider = '{:>999999999}'.format('x')\n    shift = 1 << 10 ** 10\n"
        "    os.system(value + big + wide + wider + str(huge) + str(shift))\n"
    )
    assert slugs(code) == ["command-injection"]
