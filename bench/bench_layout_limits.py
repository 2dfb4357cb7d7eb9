"""What hostile document shapes cost to lay out under pdf/layout_limits.py (issue 35, point 7).

    PYTHONPATH=. .venv/bin/python -m bench.bench_layout_limits [--chars N] [--shapes a,b]

Each shape is made as long as a job-description template may print for a role showing
`--shown` characters (default: the example organisation's largest job description's context),
then laid out with the real limits by `render_document`, each in a fresh interpreter that
reports its own CPU time and peak memory (VmHWM). Prints one row per shape: its length, the
outcome (pages, or the limit that stopped it), CPU seconds and peak MB. On a busy machine the
CPU figures hold (the budget is CPU time), the wall clock does not.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SHAPES = {  # (opening, one unit repeated, closing)
    "pre-lines": ("<pre>", "ab\n", "</pre>"),
    "paragraphs": ("", "<p>x</p>", ""),
    "cjk-paragraph": ("<p>", "岗位职责", "</p>"),
    "word-paragraph": ("<p>", "ab ", "</p>"),
    "nowrap-paragraph": ("<p style='white-space:nowrap'>", "ab ", "</p>"),
    "table-rows": ("<table>", "<tr><td>x</td><td>y</td></tr>", "</table>"),
    "wide-row": ("<table><tr>", "<td>x</td>", "</tr></table>"),
    "floats": ("", "<div style='float:left'>x</div>", ""),
    "nested-tables-15": ("", "<table><tr><td>" * 15 + "x" + "</td></tr></table>" * 15, ""),
    "nested-inline-blocks-45": ("", "<span style='display:inline-block'>" * 45 + "x" + "</span>" * 45, ""),
}

_CHILD = """
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (6 << 30, resource.RLIM_INFINITY))  # the machine's sake only
from jobdesc.errors import UserError
from jobdesc.pdf import render_document
html = sys.stdin.read()
folder = Path(sys.argv[1])
started = time.process_time()
try:
    outcome = f"{len(render_document(html, folder, [folder], 'jd.html').pages)} pages"
except UserError as exc:
    outcome = exc.diagnostics[0].message.split(': ', 1)[-1]
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) // 1024
print(json.dumps({"outcome": outcome, "cpu": time.process_time() - started, "peak": peak}))
"""


def largest_shown() -> int:
    from jobdesc.format.loader import load_organisation
    from jobdesc.jd.html import JobDescriptionPrinter
    from jobdesc.template_output import shown_chars
    from jobdesc.templating import TemplateSet

    org, _ = load_organisation(ROOT / "roles")
    printer = JobDescriptionPrinter(org, TemplateSet.for_organisation(ROOT / "roles"))
    return max(shown_chars({"jd": printer.context(r), "labels": printer.labels}, 10 ** 9) for r in org.roles)


def shape(name: str, chars: int) -> str:
    opening, unit, closing = SHAPES[name]
    body = unit * max(1, (chars - len(opening) - len(closing) - 30) // len(unit))
    return f"<html><body>{opening}{body}{closing}</body></html>"


def main(argv=None) -> int:
    from jobdesc.template_output import output_limit
    from jobdesc.template_watch import MAX_OUTPUT_CHARS

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shown", type=int, default=None, help="characters of data shown (default: measured)")
    parser.add_argument("--chars", type=int, default=None, help="document length (default: the output limit)")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    options = parser.parse_args(argv)
    shown = options.shown if options.shown is not None else largest_shown()
    chars = options.chars or output_limit({"data": "x" * max(0, shown - 4)}, MAX_OUTPUT_CHARS)
    print(f"{shown:,} characters shown: documents of {chars:,} characters")
    print(f"{'shape':<26}{'chars':>10}{'CPU s':>8}{'peak MB':>9}  outcome")
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    for name in options.shapes.split(","):
        html = shape(name, chars)
        done = subprocess.run([sys.executable, "-c", _CHILD, str(folder)], input=html, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            report = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            report = {"outcome": f"exit {done.returncode}: {done.stderr.strip()[-200:]}", "cpu": 0, "peak": 0}
        print(f"{name:<26}{len(html):>10,}{report['cpu']:>8.1f}{report['peak']:>9}  {report['outcome']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
