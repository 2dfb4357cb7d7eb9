"""Sign-off benchmark (issue 33): what the personal copies cost.

    python bench/bench_signoff.py [--before=CODE] [--positions=300] [--people=1000]

Generates an organisation of POSITIONS posts with PEOPLE named incumbents (bench/generate.py,
then each post filled with 3 or 4 people) and a ledger where every third person has signed,
and prints:
  * one job description laid out by WeasyPrint vs one personal copy (PDF + Word) made from it,
    CPU seconds in this process;
  * a clean build (fresh cache) with this checkout: wall and CPU of the whole process tree,
    and the `signoff` output's own line of the progress report;
  * with --before=CODE (a checkout without sign-off, e.g. `git archive main | tar -x -C CODE`),
    the same clean build of the same organisation (without signoffs.yaml, which that code
    would read as a position) by that code.
CPU time is the steadier figure on a shared machine.
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.generate import generate_organisation  # noqa: E402


def _option(name: str, default: str) -> str:
    return next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith(f"--{name}=")), default)


def make_organisation(folder: Path, positions: int, people: int) -> Path:
    """The generated organisation with `people` incumbents spread over its posts (3 or 4 each)."""
    root = generate_organisation(positions, folder)
    files = sorted(p for p in root.rglob("*.yaml") if p.name != "org.yaml" and p.parent.name != "processes")
    extra = people - 3 * len(files)  # this many posts get a fourth person
    number = 0
    for index, path in enumerate(files):
        role = yaml.safe_load(path.read_text("utf-8"))
        count = 4 if index < extra else 3
        role["headcount"] = {"budget": count, "filled": count}
        role["incumbents"] = []
        for _ in range(count):
            number += 1
            role["incumbents"].append({"name": f"员工{number:04d}", "id": f"E{number:05d}"})
        path.write_text(yaml.safe_dump(role, allow_unicode=True, sort_keys=False), "utf-8")
    return root


def write_ledger(root: Path) -> int:
    from jobdesc.format.loader import load_organisation
    from jobdesc.signoff.version import role_versions

    org, _ = load_organisation(root)
    versions = role_versions(org)
    lines = ["# every third person has signed\n"]
    number = 0
    for role_id, role in org.roles.items():
        for person in role.incumbents or ():
            number += 1
            if number % 3 == 0:
                lines.append(f'- {{role: {role_id}, person: "{person.name}", id: "{person.id}", '
                             f'version: "{versions[role_id]}", signed: "2026-03-01"}}\n')
    (root / "signoffs.yaml").write_text("".join(lines), "utf-8")
    return len(lines) - 1


def one_copy(root: Path) -> None:
    from jobdesc.format.loader import load_organisation
    from jobdesc.jd.html import JobDescriptionPrinter
    from jobdesc.jd.workers import JobDescriptionMaker
    from jobdesc.outputs.signoff import footer_line
    from jobdesc.jd.docx_personal import personal_docx
    from jobdesc.pdf.personal import personal_copy
    from jobdesc.templating import TemplateSet

    org, _ = load_organisation(root)
    role_id = next(r for r, role in org.roles.items() if role.incumbents)
    templates = TemplateSet.for_organisation(root)
    printer = JobDescriptionPrinter(org, templates)
    maker = JobDescriptionMaker(org, templates.folders)
    printer.pdf_bytes(role_id)  # fonts and templates loaded once, outside the figures
    started = time.process_time()
    pdf = printer.pdf_bytes(role_id)
    layout = time.process_time() - started
    docx = maker.docx(role_id)
    name = org.roles[role_id].incumbents[0].name
    footer = footer_line(printer.labels, "0123abcd", "2026-01-01", name)
    personal_copy(pdf, f"signoff-name-{role_id}", footer, name, org.language, "t")  # the face's cmap, once
    rounds = 20
    started = time.process_time()
    for _ in range(rounds):
        personal_copy(pdf, f"signoff-name-{role_id}", footer, name, org.language, "t")
        personal_docx(docx, footer, name, printer.labels)
    copy = (time.process_time() - started) / rounds
    print(f"one job description laid out: {layout * 1000:.0f} ms CPU; one personal copy (PDF + Word) "
          f"made from it: {copy * 1000:.1f} ms CPU ({layout / copy:.0f}x less)")


def build(code: Path, root: Path, out: Path) -> tuple[float, float, str]:
    cache = out.with_name(out.name + "-cache")
    cache.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(code), "SOURCE_DATE_EPOCH": "1700000000"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "jobdesc", "build", str(root), "-o", str(out), "--cache", str(cache)],
                          cwd=code, env=env, capture_output=True, text=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((line.strip() for line in done.stderr.splitlines() if line.strip().startswith("signoff ")), "")
    return wall, cpu, line


def main() -> None:
    positions, people = int(_option("positions", "300")), int(_option("people", "1000"))
    before = _option("before", "")
    with tempfile.TemporaryDirectory(prefix="jobdesc-bench-signoff-") as folder:
        root = make_organisation(Path(folder) / "org", positions, people)
        signed = write_ledger(root)
        print(f"{positions} positions, {people} incumbents, {signed} signed (machine: {os.cpu_count()} cores, "
              "shared: figures from a busy machine)")
        one_copy(root)
        wall, cpu, line = build(REPO, root, Path(folder) / "after")
        copies = sum(1 for _ in (Path(folder) / "after" / "signoff").rglob("*.pdf"))
        print(f"with sign-off (this checkout): clean build {wall:.0f} s wall, {cpu:.0f} s CPU; {copies} personal "
              f"PDFs; progress line: {line}")
        if before:
            plain = Path(folder) / "plain"
            shutil.copytree(root, plain)
            (plain / "signoffs.yaml").unlink()
            wall, cpu, _ = build(Path(before).resolve(), plain, Path(folder) / "before")
            print(f"before sign-off ({before}): clean build {wall:.0f} s wall, {cpu:.0f} s CPU")


if __name__ == "__main__":
    main()
