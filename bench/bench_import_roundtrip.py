"""CPU time of `jobdesc import EDITED.docx --into DIR` for one edited job description.

    python bench/bench_import_roundtrip.py [RUNS]     (default 5 runs)

The example's sales manager is built as Word, one duty is edited with Track Changes on (a
w:del and a w:ins, as Word writes them) and a new duty typed, and the file is imported into a
fresh copy of the example each run. Printed: the CPU seconds of the import itself (load, two
renderings, reading both files, carrying, writing, the check after writing), in this process,
and of the whole command in a new process (Python's start and imports included).
Target (issue 26): under 1 s of CPU per import.
"""
from __future__ import annotations

import io
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DUTY = "及时协调处理客户与业主的各类投诉，配合客服部做好售前、售后服务工作"


def edited_word_file(root: Path) -> bytes:
    from lxml import etree

    from jobdesc.jd.workers import JobDescriptionMaker
    from jobdesc.format.loader import load_organisation
    from jobdesc.templating import TemplateSet

    org, _ = load_organisation(root)
    data = JobDescriptionMaker(org, TemplateSet.for_organisation(root).folders).docx("sales-manager")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    paragraph = next(p for p in document.iter(f"{{{W}}}p") if DUTY in "".join(p.itertext()))
    run = paragraph.findall(f"{{{W}}}r")[-1]
    ns = f'xmlns:w="{W}"'
    tracked = etree.fromstring(
        f'<w:root {ns}><w:r><w:t>及时协调处理客户与业主的</w:t></w:r>'
        f'<w:del w:id="1" w:author="HR" w:date="2026-03-01T00:00:00Z"><w:r><w:delText>各类投诉</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" w:author="HR" w:date="2026-03-01T00:00:00Z"><w:r><w:t>各类投诉与纠纷</w:t></w:r></w:ins>'
        f'<w:r><w:t>，配合客服部做好售前、售后服务工作</w:t></w:r></w:root>')
    for element in list(tracked):
        run.addprevious(element)
    paragraph.remove(run)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = etree.tostring(document) if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info, part)
    return out.getvalue()


def main() -> None:
    from jobdesc.importer import import_into

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        example = Path(folder) / "example"
        shutil.copytree(REPO / "roles", example)
        edited = Path(folder) / "edited.docx"
        edited.write_bytes(edited_word_file(example))
        in_process, whole, wall = [], [], []
        for run in range(runs):
            root = Path(folder) / f"run{run}"
            shutil.copytree(example, root)
            start, started = time.process_time(), time.perf_counter()
            reports = import_into([edited], root)
            in_process.append(time.process_time() - start)
            wall.append(time.perf_counter() - started)
            assert reports[0].changes.done, "the edit did not come back"
            root = Path(folder) / f"cli{run}"
            shutil.copytree(example, root)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-m", "jobdesc", "import", str(edited), "--into", str(root)],
                           check=True, stdout=subprocess.DEVNULL, cwd=REPO)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            whole.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(f"import --into, one edited JD ({runs} runs):")
    print(f"  in process: CPU median {statistics.median(in_process):.3f} s (min {min(in_process):.3f}, "
          f"max {max(in_process):.3f}); wall median {statistics.median(wall):.3f} s")
    print(f"  whole command (new Python process): CPU median {statistics.median(whole):.3f} s")
    print(f"  target: under 1 s of CPU — {'met' if statistics.median(in_process) < 1 else 'NOT met'}")


if __name__ == "__main__":
    main()
