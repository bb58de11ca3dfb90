"""Finding the line a model copied: strict first, loose after, never a guess."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.model_citations import locate_quote
from app.core.sources import source_from_text

CODE = """\
import subprocess
from flask import request

def run():
    host = request.args["host"]
    cmd = "ping -c 1 " + host
    subprocess.run(cmd, shell=True)
    subprocess.run(["ping", "-c", "1", "localhost"])
    return "ok"
"""
FILE = source_from_text("ping.py", CODE)
ALL = (1, len(FILE.lines))


def test_an_exact_copy_finds_its_line() -> None:
    assert locate_quote(FILE, "subprocess.run(cmd, shell=True)", *ALL) == 7


def test_spacing_and_wrapping_quote_marks_do_not_matter() -> None:
    assert locate_quote(FILE, "`subprocess.run( cmd,shell = True )`", *ALL) == 7
    assert locate_quote(FILE, "'cmd = \"ping -c 1 \" + host'", *ALL) == 6


def test_part_of_a_line_finds_it() -> None:
    assert locate_quote(FILE, 'request.args["host"]', *ALL) == 5


def test_a_copy_running_two_lines_together_finds_the_first() -> None:
    quote = 'host = request.args["host"] cmd = "ping -c 1 " + host'
    assert locate_quote(FILE, quote, *ALL) == 5


def test_a_miscopy_finds_the_most_similar_line() -> None:
    assert locate_quote(FILE, "subprocess.run(cmd, shell=Tru)", *ALL) == 7
    assert locate_quote(FILE, 'cmd = "ping -c 1 " + hots', *ALL) == 6


def test_among_equal_matches_the_preferred_line_wins() -> None:
    assert locate_quote(FILE, "subprocess.run(", *ALL) == 7
    assert locate_quote(FILE, "subprocess.run(", *ALL, prefer=lambda n: n == 8) == 8


def test_code_that_is_not_there_gives_no_line() -> None:
    assert locate_quote(FILE, "os.system(user_input)", *ALL) is None
    assert locate_quote(FILE, "the host is not validated", *ALL) is None


def test_too_short_a_copy_means_no_line_in_particular() -> None:
    assert locate_quote(FILE, "ok", *ALL) is None
    assert locate_quote(FILE, ")", *ALL) is None


def test_only_the_window_is_searched() -> None:
    assert locate_quote(FILE, "subprocess.run(cmd, shell=True)", 1, 6) is None
    assert locate_quote(FILE, "subprocess.run(cmd, shell=True)", 7, 500) == 7


@settings(max_examples=200)
@given(st.text(max_size=400))
def test_any_copy_gives_a_line_of_the_window_or_none(quote: str) -> None:
    line = locate_quote(FILE, quote, 3, 8)
    assert line is None or 3 <= line <= 8
