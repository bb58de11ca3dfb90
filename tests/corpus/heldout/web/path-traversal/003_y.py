#!/usr/bin/env python3
"""Unpack theme bundles that customers upload through the portal.

The portal drops each uploaded ``.tar.gz`` into the inbox directory; this
worker is run from cron, unpacks each bundle into the themes directory and
moves the archive to ``processed/``.
"""
import argparse
import json
import logging
import shutil
import sys
import tarfile
from pathlib import Path

log = logging.getLogger("theme-unpacker")

MAX_BUNDLE_BYTES = 50 * 1024 * 1024


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember("theme.json")
    except KeyError:
        raise ValueError("bundle has no theme.json")
    fh = tar.extractfile(member)
    if fh is None:
        raise ValueError("theme.json is not a regular file")
    return json.load(fh)


def unpack_bundle(bundle: Path, themes_dir: Path) -> Path:
    if bundle.stat().st_size > MAX_BUNDLE_BYTES:
        raise ValueError(f"{bundle.name} is too large")

    with tarfile.open(bundle, mode="r:gz") as tar:
        manifest = read_manifest(tar)
        slug = str(manifest.get("slug", "")).strip()
        if not slug.isidentifier():
            raise ValueError(f"bad slug in {bundle.name}: {slug!r}")
        dest = themes_dir / slug
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        tar.extractall(dest)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inbox", type=Path, default=Path("/srv/portal/uploads/themes"))
    parser.add_argument("--themes-dir", type=Path, default=Path("/srv/portal/themes"))
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    processed = args.inbox / "processed"
    processed.mkdir(exist_ok=True)

    failures = 0
    for bundle in sorted(args.inbox.glob("*.tar.gz")):
        try:
            dest = unpack_bundle(bundle, args.themes_dir)
        except (ValueError, tarfile.TarError, OSError) as exc:
            log.error("could not unpack %s: %s", bundle.name, exc)
            failures += 1
            continue
        log.info("unpacked %s into %s", bundle.name, dest)
        bundle.rename(processed / bundle.name)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
