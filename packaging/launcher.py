"""Entry point of the frozen (PyInstaller) app: one program in three roles.

The one-folder app (packaging/airlock.spec) has two executables built from this script,
`airlock` and `airlock-gui`; the name decides which front door opens. Two more roles come
from Airlock itself starting child processes, which a frozen app cannot do with
`python -m ...`:

- `<exe> --engine-host`: the engine host that runs the model (app.llm.local.host_command);
- multiprocessing's `spawn` children (a review stage in its own process, app/scan/offload.py),
  which multiprocessing.freeze_support() recognises by their arguments and runs.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path


def main() -> int:
    multiprocessing.freeze_support()  # in a spawned child: runs its target, then exits
    from app.llm.local import FROZEN_HOST_FLAG

    if sys.argv[1:2] == [FROZEN_HOST_FLAG]:
        del sys.argv[1]
        from app.llm.host import main as host_main

        return host_main()
    if Path(sys.executable).name.startswith("airlock-gui"):
        from app.ui.app import main as gui_main

        return gui_main()
    from app.cli import main as cli_main

    cli_main(prog_name="airlock")  # click exits by itself
    return 0


if __name__ == "__main__":
    sys.exit(main())
