"""Render a sample HTML report and screenshot it with headless Chromium (docs/screenshots/).

    .venv/bin/python packaging/report_screenshot.py [--output docs/screenshots/report.png]

or `make report-screenshot`. Steps:
1. a throw-away Airlock home with project "photo-api" (web-api template);
2. review 1: four vulnerable files from tests/corpus, deterministic stages only (no model);
3. triage as a reviewer would: an accepted risk with an expiry date and a false positive,
   written as the triage store records them (status columns plus an event each);
4. review 2 after a "fix" (the SQL file replaced by its safe twin) and a new file, so the
   review service marks findings new, unchanged or gone and carries decisions over;
5. `airlock report 2 --format html`, then Chromium (Debian's `chromium` package) screenshots
   the page from a file:// URL with the network-facing features switched off.

Nothing here needs the network or a model. Needs `chromium` (apt-get install -y chromium).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlite_utils

from app.core.projects import create_project
from app.core.report import review_report
from app.core.report_html import report_to_html
from app.core.review import STAGE_GROUPS, ReviewOptions
from app.core.review_service import resolve_threat_model, review_paths
from app.store.db import open_database, transaction

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "dev" / "python"
DEFAULT_OUTPUT = ROOT / "docs" / "screenshots" / "report.png"

# Sample repository file -> corpus file it is copied from.
FIRST_TREE = {
    "app/search.py": "sqli/001_vuln.py",
    "app/diagnostics.py": "command_injection/001_vuln.py",
    "app/settings.py": "secrets/001_vuln.py",
    "app/files.py": "path_traversal/001_vuln.py",
}
SECOND_TREE = {
    **FIRST_TREE,
    "app/search.py": "sqli/001_safe.py",
    "app/session.py": "deserialization/001_vuln.py",
}
CHROMIUM_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-sandbox",
    "--hide-scrollbars",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="PNG to write")
    parser.add_argument("--html", type=Path, help="also keep the HTML report here")
    parser.add_argument("--window-size", default="1280,2000", help="WIDTH,HEIGHT in pixels")
    parser.add_argument("--chromium", help="Chromium binary (default: chromium on PATH)")
    parser.add_argument("--dark", action="store_true", help="render as prefers-color-scheme: dark")
    args = parser.parse_args(argv)
    browser = args.chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print(
            "chromium not found: apt-get install -y chromium (or pass --chromium)", file=sys.stderr
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="airlock-report-") as scratch:
        work = Path(scratch)
        # A throw-away Airlock home: the sample never touches the user's history.
        os.environ["AIRLOCK_HOME"] = str(work / "home")
        page = work / "report.html"
        page.write_text(build_sample_report(work / "repo"), encoding="utf-8")
        if args.html:
            shutil.copyfile(page, args.html)
        extra = ["--force-dark-mode"] if args.dark else []
        screenshot(browser, page, args.output, [f"--window-size={args.window_size}", *extra], work)
    print(f"wrote {args.output}")
    return 0


def build_sample_report(repo: Path) -> str:
    db = open_database()
    create_project(db, "photo-api", template="web-api")
    first = run_review(db, repo, FIRST_TREE)
    decide_like_a_reviewer(db, first)
    second = run_review(db, repo, SECOND_TREE)
    return report_to_html(review_report(db, second))


def run_review(db: sqlite_utils.Database, repo: Path, tree: dict[str, str]) -> int:
    write_tree(repo, tree)
    threat_model = resolve_threat_model(db, project="photo-api", threat_model_file=None)
    # Review "." from the repository root so findings say app/search.py, as in CI.
    previous = Path.cwd()
    os.chdir(repo)
    try:
        saved = review_paths(
            db,
            [Path()],
            threat_model,
            options=ReviewOptions(stages=frozenset(STAGE_GROUPS) - {"model"}),
        )
    finally:
        os.chdir(previous)
    if saved.review_id is None:
        raise SystemExit("the review was not saved")
    return saved.review_id


def write_tree(repo: Path, tree: dict[str, str]) -> None:
    if repo.exists():
        shutil.rmtree(repo)
    for target, source in tree.items():
        path = repo / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / source, path)


def decide_like_a_reviewer(db: sqlite_utils.Database, review_id: int) -> None:
    """Two decisions on review 1, stored as app.store.triage stores them: the status columns
    and one finding_events row each (written directly, so this script does not depend on the
    triage module's Python API)."""
    until = (date.today() + timedelta(days=90)).isoformat()
    decisions = {
        "airlock.policy.missing-authentication": (
            "accepted", "Reachable only from the ops VPN; replaced by the new admin API.", until,
        ),
        "secrets.": ("false_positive", "Example key from the docs, not a real secret.", None),
    }  # fmt: skip
    rows = db.execute(
        "SELECT id, rule_id, status FROM findings WHERE review_id = ? ORDER BY id", [review_id]
    ).fetchall()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(db):
        for finding_id, rule_id, old in rows:
            key = next((k for k in decisions if rule_id.startswith(k)), None)
            if key is None:
                continue
            status, reason, expires = decisions.pop(key)
            db.execute(
                "UPDATE findings SET status = ?, status_reason = ?, status_until = ? WHERE id = ?",
                [status, reason, expires, finding_id],
            )
            db.execute(
                "INSERT INTO finding_events (finding_id, at, actor, old_status, new_status,"
                " reason, until) VALUES (?, ?, 'dana', ?, ?, ?, ?)",
                [finding_id, now, old, status, reason, expires],
            )


def screenshot(browser: str, page: Path, output: Path, flags: list[str], work: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    command = [
        browser,
        *CHROMIUM_FLAGS,
        *flags,
        f"--user-data-dir={work / 'profile'}",
        f"--screenshot={output.resolve()}",
        page.resolve().as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    if not output.is_file() or output.stat().st_size == 0:
        raise SystemExit(f"chromium wrote no screenshot to {output}")


if __name__ == "__main__":
    sys.exit(main())
