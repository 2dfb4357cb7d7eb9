"""`python -m bench.fuzz_child PEAK_FILE ARGS...`: `python -m jobdesc ARGS...` in a fresh
interpreter, which writes its own peak memory (VmHWM, MB) to PEAK_FILE as it ends (the fuzz
harness's --subprocess mode)."""
from __future__ import annotations

import sys
from pathlib import Path

from bench.fuzz_runner import run_cli, write_peak

if __name__ == "__main__":
    code = 3
    try:
        code = run_cli(sys.argv[2:])
    except BaseException:  # noqa: BLE001 - the harness's own failure (3), as in the fork mode
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        write_peak(Path(sys.argv[1]))
    sys.exit(code)
