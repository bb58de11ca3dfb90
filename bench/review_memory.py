"""Resource bounds of a large review: peak memory, progress, and how fast a cancel stops it.

    .venv/bin/python bench/review_memory.py            # --files 2000

Writes a 2,000-file project (corpus files of every language under distinct names, in a
temporary folder; tests/hardening/big_folder.py) and reviews it as `airlock review --no-model`
does (review_paths: read the folder, run every deterministic stage, save the review), in a
temporary AIRLOCK_HOME. Measured:
  - peak RSS of this process and, separately, of its children (bandit runs in a spawned child
    for a review this large, app/scan/offload.py): resource.getrusage RUSAGE_SELF and
    RUSAGE_CHILDREN; the stated bound (docs/SECURITY.md) is on their sum;
  - the progress events and the longest wait between two of them;
  - cancel: the review again, cancelled halfway through each stage (by the full review's
    timing, so also while waiting for the bandit process) and after the last one; the time
    from the cancel request to OperationCancelled, and that nothing was saved.
--copies N makes each file N times longer, for a project closer to real file sizes.

Last line: RESULT files=<n> mb=<size> peak_rss_mb=<self+children> cancel_s=<slowest stop>
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make `app` and `tests` importable
    sys.path.insert(0, str(ROOT))

from app.core.errors import OperationCancelled  # noqa: E402
from app.core.review import DETERMINISTIC, ReviewOptions  # noqa: E402
from app.core.review_service import ThreatModelRef, review_paths  # noqa: E402
from app.core.threat_model import load_template  # noqa: E402
from app.llm.engine import Progress  # noqa: E402
from app.store.db import open_database  # noqa: E402
from app.store.reviews import list_reviews  # noqa: E402
from tests.hardening.big_folder import make_folder  # noqa: E402

BOUND_MB = 600


def _peak_mb(who: int) -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(who).ru_maxrss * scale / 1024 / 1024


def review(
    project: Path, *, cancel_stage: int | None = None, delay: float = 0.0
) -> tuple[list[float], list[float], float | None]:
    """(times of the progress events, of those that start a stage, seconds from the cancel
    request to the stop).

    With `cancel_stage`, cancel is requested `delay` seconds after the event that starts that
    stage (counted from 0): should_cancel answers yes from then on, as the GUI's does once the
    user clicked Cancel. Events within a stage (its files) are counted as progress only.
    """
    db = open_database()
    started = time.perf_counter()
    times: list[float] = []
    requested: list[float] = []
    starts: list[float] = []

    def progress(event: Progress) -> None:
        times.append(time.perf_counter() - started)
        if event.part is not None:
            return
        starts.append(times[-1])
        if cancel_stage is not None and len(starts) == cancel_stage + 1:
            requested.append(time.perf_counter() + delay)

    def cancelled() -> bool:
        return bool(requested) and time.perf_counter() >= requested[0]

    try:
        review_paths(
            db, [project], ThreatModelRef(load_template("web-api")),
            options=ReviewOptions(stages=DETERMINISTIC), progress=progress,
            should_cancel=cancelled,
        )  # fmt: skip
    except OperationCancelled:
        return times, starts, time.perf_counter() - requested[0]
    finally:
        db.close()
    return times, starts, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--copies", type=int, default=1, help="make each file N times longer")
    args = parser.parse_args(argv)
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="airlock-memory-") as tmp:
        os.environ["AIRLOCK_HOME"] = str(Path(tmp) / "home")
        project = make_folder(Path(tmp), args.files, copies=args.copies)
        size = sum(p.stat().st_size for p in project.rglob("*") if p.is_file())
        print(f"project: {args.files} files, {size / 1024 / 1024:.1f} MB")
        times, starts, _ = review(project)
        self_mb, children_mb = _peak_mb(resource.RUSAGE_SELF), _peak_mb(resource.RUSAGE_CHILDREN)
        gaps = [b - a for a, b in itertools.pairwise([0.0, *times])]
        print(f"review: {times[-1]:.1f} s, {len(times)} progress events, longest wait "
              f"{max(gaps):.1f} s")  # fmt: skip
        print(f"peak RSS: app {self_mb:.0f} MB + children {children_mb:.0f} MB "
              f"(bound {BOUND_MB} MB)")  # fmt: skip
        stops = []
        # Halfway through each stage (by the full review's timing), so also while waiting
        # for the bandit process; the last point is after every stage, before the save.
        for stage, (start, end) in enumerate(itertools.pairwise(starts)):
            _, _, stop = review(project, cancel_stage=stage, delay=(end - start) / 2)
            stops.append(stop if stop is not None else float("nan"))
            print(f"cancel halfway through stage {stage + 1}: stopped {stops[-1]:.2f} s later")
        _, _, stop = review(project, cancel_stage=len(starts) - 1)
        stops.append(stop if stop is not None else float("nan"))
        print(f"cancel after the last stage, before saving: stopped {stops[-1]:.2f} s later")
        db = open_database()
        saved = len(list_reviews(db))
        db.close()
        print(f"reviews saved: {saved} (1 expected: the cancelled ones save nothing)")
    peak = self_mb + children_mb
    print(f"RESULT files={args.files} mb={size / 1024 / 1024:.1f} peak_rss_mb={peak:.0f} "
          f"cancel_s={max(stops):.2f}")  # fmt: skip
    return 0 if peak <= BOUND_MB and saved == 1 and all(s == s for s in stops) else 1


if __name__ == "__main__":
    sys.exit(main())
