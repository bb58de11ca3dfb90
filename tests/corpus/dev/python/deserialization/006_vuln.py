#!/usr/bin/env python3
"""Batch runner: executes render jobs submitted by customers through the portal."""
import argparse
import sys

import yaml

from renderer import render_scene


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("job_file", help="job description uploaded by the customer")
    args = parser.parse_args(argv)
    with open(args.job_file, encoding="utf-8") as handle:
        job = yaml.unsafe_load(handle)
    if not isinstance(job, dict):
        print("invalid job file", file=sys.stderr)
        return 2
    for scene in job.get("scenes", []):
        render_scene(str(scene["name"]), int(scene.get("frames", 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
