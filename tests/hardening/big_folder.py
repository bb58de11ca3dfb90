"""A large project folder for resource tests: corpus files copied under distinct names.

Shared by tests/hardening/test_resource_bounds.py (300 files) and bench/review_memory.py
(2,000). The mix of languages is the corpus's own (mostly Python, some Terraform, GitHub
Actions, SQL and Dockerfiles), so every deterministic stage has work to do.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "dev"
FILES_PER_FOLDER = 50
# The other languages' dev cases (issue 16) sort first and would crowd the Python out of a
# 300-file folder; the figures in docs/BENCHMARKS.md were measured on this mix.
OTHER_LANGUAGE_FOLDERS = frozenset({"js", "java", "go", "csharp"})


def corpus_paths() -> list[Path]:
    """Every code file of the labelled corpus's original mix, in a stable order."""
    return sorted(
        path
        for path in CORPUS.rglob("*")
        if path.is_file()
        and path.name != "manifest.yaml"
        and path.relative_to(CORPUS).parts[0] not in OTHER_LANGUAGE_FOLDERS
    )


def make_folder(root: Path, count: int, *, copies: int = 1) -> Path:
    """Write `count` files under `root/project`, cycling through the corpus; each file is its
    corpus file `copies` times over (corpus files are small: 550 bytes on average)."""
    project = root / "project"
    sources = corpus_paths()
    for index in range(count):
        source = sources[index % len(sources)]
        folder = project / f"pkg{index // FILES_PER_FOLDER:03d}"
        if source.name == "Dockerfile":  # the name is what makes it a Dockerfile
            target = folder / f"svc{index}" / "Dockerfile"
        else:
            target = folder / f"{source.stem}_{index}{source.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        # One newline between copies: joined without it, each copy's last line ran into the
        # next copy's first, and the Python files no longer parsed.
        target.write_bytes((source.read_bytes().rstrip(b"\n") + b"\n") * copies)
    return project
