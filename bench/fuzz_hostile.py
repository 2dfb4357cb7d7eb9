"""Hostile-input fuzzing of `check`, `import` and `build` (issue 13). Not part of the suite.

    .venv/bin/python -m bench.fuzz_hostile --check 8000 --import 2000 --build 60 --seed 1

Every case is an organisation folder, a document or a template folder made from a valid
one by hostile changes (formula text, control characters, line separators, huge or deep
values, YAML aliases/tags, byte flips, truncation, symlinks out of the folder, FIFOs,
/dev/zero, oversized sparse files, file names with newlines, zip bombs, damaged .docx,
runaway Jinja). A case passes when the command exits 0 or 1 without a traceback within
its time limit; exit 2, a traceback, or a time-out is counted and the first few are kept
under OUT/failures/ with their input, to reproduce.

`check` and `import` run in this process (each case under an alarm, so a hang is caught);
`build` runs as a child process with `-j 1` and a timeout, on tiny organisations with a
random `--only`.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

import yaml
from click.testing import CliRunner

from jobdesc.cli import main
from jobdesc.userfiles import walk_files  # iterative: Path.rglob recurses, and the fuzz nests folders 1,100 deep

HOSTILE_TEXT = [
    "=1+1", '=HYPERLINK("http://evil.example","x")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\t=1",
    "\r=1", "=2+5 <b>", "<script>alert(1)</script>", "{{ 7*7 }}", "{% include '/etc/passwd' %}",
    "a\u2028b", "a\u2029b", "a\x85b", "a\x00b", "a\x01b\x1fc", "\ufeff标题", "\U0001F600" * 20, "‮反转", "",
    " ", "null", "~", "NO", "010", "9:30", "2026-01-01", "*alias", "&anchor x", "!!python/object:os.system",
    "'" * 50, '"' * 50, "\\" * 50, "销售" * 3000, "x" * 70000, "../../etc/passwd", "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/", "url(file:///etc/passwd)", "%s%s%n", "{0.__class__}",
    "\n\n# injected: 1\n", "a\rb", "名\u200b字", "１２３", "Ａ/Ｒ", "R", "A/R", "-", "—", "…",
]
HOSTILE_IDS = ["sales", "Sales", "sales\n", "-x", "x" * 200, "销售", "a b", "", "manager", "coo", "a/b", "..", "null"]
SCALAR_KEYS = ["title", "external_title", "grade", "summary", "name", "organization", "unit", "when", "text"]


def base_org() -> tuple[dict, dict, dict]:
    org = {
        "organization": "测试置业营销中心",
        "departments": [{"id": "sales", "name": "销售部", "parent": None, "duties": ["完成销售任务"]},
                        {"id": "sales-1", "name": "销售一部", "parent": "sales"}],
        "handbook": {"title": "岗位说明书", "version": "1.0", "effective": "2026-01-01", "approved_by": "总经理",
                     "language": "zh-CN"},
        "external": [{"id": "coo", "title": "运营长"}],
    }
    roles = {
        "manager": {"title": "销售经理", "department": "sales", "reports_to": "coo", "grade": "经理",
                    "duties": ["制定销售计划", {"text": "团队管理", "items": ["考勤", "考核"]}],
                    "kpis": [{"name": "月度回款", "target": 500, "unit": "万元", "period": "monthly", "weight": 100}]},
        "seller": {"title": "置业顾问", "department": "sales-1", "reports_to": "manager",
                   "headcount": {"budget": 3, "filled": 2}, "incumbents": ["张三", "李四"], "duties": ["接待来访客户"]},
    }
    processes = {"contract": {"name": "合同审批", "activities": [
        {"name": "合同订立", "R": ["seller"], "A": "manager", "I": ["coo"]}]}}
    return org, roles, processes


def _walk(node, rng):
    """A random (container, key) inside node, or None."""
    spots = []
    stack = [node]
    while stack:
        current = stack.pop()
        items = current.items() if isinstance(current, dict) else enumerate(current) if isinstance(current, list) else []
        for key, value in items:
            spots.append((current, key))
            if isinstance(value, (dict, list)):
                stack.append(value)
    return rng.choice(spots) if spots else None


def mutate_data(data, rng: random.Random):
    for _ in range(rng.randint(1, 4)):
        spot = _walk(data, rng)
        if spot is None:
            return data
        container, key = spot
        choice = rng.random()
        if choice < 0.45:
            container[key] = rng.choice(HOSTILE_TEXT)
        elif choice < 0.6:
            container[key] = rng.choice(HOSTILE_IDS)
        elif choice < 0.7:
            container[key] = rng.choice([None, 0, -1, 10 ** 30, 1.5, True, [], {}, [[[[]]]], {"a": {"b": {}}}])
        elif choice < 0.8 and isinstance(container, dict):
            container[rng.choice(SCALAR_KEYS + ["unknown", "extends", "assistant", "dotted_to"])] = rng.choice(
                HOSTILE_TEXT + HOSTILE_IDS)
        elif choice < 0.9 and isinstance(container, list) and container:
            container.extend([container[0]] * rng.choice([1, 50, 2000]))
        elif isinstance(container, dict):
            container.pop(key, None)
    return data


def deep_text(rng: random.Random) -> str:
    kind = rng.choice(["brackets", "departments", "reports", "extends", "duties"])
    n = rng.choice([30, 41, 100, 400, 1500])
    if kind == "brackets":
        return "title: x\ndepartment: sales\nduties: " + "[" * n + "]" * n + "\n"
    if kind == "duties":
        return "title: x\ndepartment: sales\nduties: [" + "{text: x, items: [" * n + "a" + "]}" * n + "]\n"
    return kind


def write_case(root: Path, rng: random.Random) -> None:
    org, roles, processes = base_org()
    kind = rng.random()
    if kind < 0.55:
        target = rng.choice(["org", "role", "process"])
        if target == "org":
            mutate_data(org, rng)
        elif target == "role":
            mutate_data(roles[rng.choice(list(roles))], rng)
        else:
            mutate_data(processes["contract"], rng)
    root.mkdir(parents=True)
    (root / "processes").mkdir()
    texts = {root / "org.yaml": _dump(org)}
    texts.update({root / f"{rid}.yaml": _dump(role) for rid, role in roles.items()})
    texts.update({root / "processes" / f"{pid}.yaml": _dump(p) for pid, p in processes.items()})
    if 0.55 <= kind < 0.7:  # raw damage to one file's bytes
        path = rng.choice(list(texts))
        data = texts[path].encode("utf-8")
        action = rng.choice(["flip", "truncate", "insert", "bom", "gbk"])
        if action == "flip" and data:
            data = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        elif action == "truncate":
            data = data[: rng.randrange(len(data) + 1)]
        elif action == "insert":
            at = rng.randrange(len(data) + 1)
            data = data[:at] + rng.choice([b"&a x", b"*a", b"!!str ", b"---\n", b"\t", b": :", b"{", b"\x00", b"? x\n",
                                           b"<<: *a\n"]) + data[at:]
        elif action == "bom":
            data = b"\xef\xbb\xbf" + data
        else:
            data = texts[path].encode("gb18030")
        texts[path] = data
    for path, text in texts.items():
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    if 0.7 <= kind < 0.85:
        _file_system_trick(root, rng)
    elif kind >= 0.85:
        _deep_case(root, rng)


class _PlainDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # repeated items written out, as a person would
        return True


def _dump(data) -> str:
    try:
        return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, RecursionError):
        return "title: x\n"


def _file_system_trick(root: Path, rng: random.Random) -> None:
    trick = rng.choice(["outside", "devzero", "fifo", "dirlink", "sparse", "newline-name", "many", "deep-dir",
                        "no-org", "org-dir", "loop-link"])
    outside = root.parent / "outside.yaml"
    outside.write_text("title: 外部\ndepartment: sales\nduties: [x]\n", encoding="utf-8")
    if trick == "outside":
        (root / "leak.yaml").symlink_to(outside)
    elif trick == "devzero":
        (root / "zero.yaml").symlink_to("/dev/zero")
    elif trick == "fifo":
        os.mkfifo(root / "pipe.yaml")
    elif trick == "dirlink":
        (root / "etc").symlink_to("/etc")
        (root / "all").symlink_to("/")
    elif trick == "sparse":
        with (root / "big.yaml").open("wb") as handle:
            handle.truncate(rng.choice([1024 * 1024 + 1, 50 * 1024 * 1024]))
    elif trick == "newline-name":
        (root / rng.choice(["x\n.yaml", "x\r.yaml", "\u2028.yaml", "a\x1b[31m.yaml", " .yaml", "-.yaml"])).write_text(
            "title: x\ndepartment: sales\nduties: [x]\n", encoding="utf-8")
    elif trick == "many":
        for i in range(rng.choice([50, 300])):
            (root / f"r{i}.yaml").write_text(f"title: 岗位{i}\ndepartment: sales\nduties: [x]\n", encoding="utf-8")
    elif trick == "deep-dir":
        deep = root
        for _ in range(rng.choice([50, 1100])):
            deep = deep / "d"
            deep.mkdir()
        (deep / "r.yaml").write_text("title: x\ndepartment: sales\nduties: [x]\n", encoding="utf-8")
    elif trick == "no-org":
        (root / "org.yaml").unlink()
    elif trick == "org-dir":
        (root / "org.yaml").unlink()
        (root / "org.yaml").mkdir()
    else:
        (root / "loop.yaml").symlink_to(root / "loop.yaml")


def _deep_case(root: Path, rng: random.Random) -> None:
    kind = deep_text(rng)
    n = rng.choice([30, 41, 100, 400, 1500])
    if kind in ("departments",):
        lines = ["organization: 深", "departments:"]
        for i in range(n):
            lines += [f"  - id: d{i}", f"    name: 部门{i}", f"    parent: {'d%d' % (i - 1) if i else 'null'}"]
        lines += ["  - id: sales", "    name: 销售部", "    parent: null", "  - id: sales-1", "    name: 一部",
                  "    parent: sales", "external: [{id: coo, title: 运营长}]"]
        (root / "org.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind in ("reports", "extends"):
        for i in range(n):
            link = f"\n{'reports_to' if kind == 'reports' else 'extends'}: c{(i - 1) % n if rng.random() < 0.3 else i - 1}" if i else ""
            (root / f"c{i}.yaml").write_text(f"title: 岗位{i}\ndepartment: sales{link}\nduties: [x]\n", encoding="utf-8")
    else:
        (root / "deep.yaml").write_text(kind, encoding="utf-8")


# ------------------------------------------------------------------ import inputs

JD_LINES = ["销售经理岗位职责", "1、制定销售计划", "2、团队管理", "（1）考勤", "岗位名称：置业顾问", "所属部门：销售部",
            "直接上级：销售经理", "任职要求：", "1、大专以上学历", "第1篇", "KPI：月度回款500万元", "编制：3人"]


def write_import_case(folder: Path, rng: random.Random) -> Path:
    kind = rng.random()
    name = rng.choice(["jd.txt", "jd.md", "jd.docx", "jd\n# injected: 1.txt", "岗位\u2028说明.txt", "a\x1b[2J.txt"])
    path = folder / name
    if kind < 0.5:
        lines = [rng.choice(JD_LINES + HOSTILE_TEXT) for _ in range(rng.randint(1, 60))]
        text = "\n".join(lines)
        encoding = rng.choice(["utf-8", "utf-8", "gb18030", "utf-16", "latin-1"])
        data = text.encode(encoding, errors="replace")
        if not name.endswith((".txt", ".md")):
            path = folder / "jd.txt"
        path.write_bytes(data)
    elif kind < 0.75:
        path = folder / (rng.choice(["jd.docx", "jd\n.docx"]))
        path.write_bytes(_docx_case(rng))
    else:
        trick = rng.choice(["fifo", "devzero", "sparse", "long-line", "dir", "missing", "random-bytes", "empty",
                            "outside-link"])
        path = folder / "jd.txt"
        if trick == "fifo":
            os.mkfifo(path)
        elif trick == "devzero":
            path.symlink_to("/dev/zero")
        elif trick == "sparse":
            with path.open("wb") as handle:
                handle.truncate(rng.choice([5, 30]) * 1024 * 1024)
        elif trick == "long-line":
            path.write_text("销售经理岗位职责：" + "负责销售工作，" * rng.choice([1000, 200_000, 3_000_000]), encoding="utf-8")
        elif trick == "dir":
            path.mkdir()
        elif trick == "random-bytes":
            path.write_bytes(os.urandom(rng.randint(1, 20000)))
        elif trick == "empty":
            path.write_bytes(b"")
        elif trick == "outside-link":
            outside = folder.parent / "elsewhere.txt"
            outside.write_text("\n".join(JD_LINES), encoding="utf-8")
            path.symlink_to(outside)
    return path


_DOCX: bytes | None = None


def _docx_case(rng: random.Random) -> bytes:
    global _DOCX
    if _DOCX is None:
        import docx

        document = docx.Document()
        for line in JD_LINES:
            document.add_paragraph(line)
        table = document.add_table(rows=2, cols=4)
        for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ["岗位名称", "出纳", "所属部门", "财务部"] * 2):
            cell.text = text
        buffer = io.BytesIO()
        document.save(buffer)
        _DOCX = buffer.getvalue()
    action = rng.choice(["flip", "truncate", "xml", "bomb", "many", "good", "drop"])
    data = _DOCX
    if action == "flip":
        data = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if action == "truncate":
        return data[: rng.randrange(len(data))]
    if action == "good":
        return data
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "word/document.xml":
                if action == "xml":
                    at = rng.randrange(len(body))
                    body = body[:at] + rng.choice([b"<", b"&xx;", b"<!DOCTYPE a [<!ENTITY x 'y'>]>", b"\x00", b"</w:p>"]) + body[at:]
                elif action == "bomb":
                    with target.open(info.filename, "w", force_zip64=True) as member:
                        member.write(body[:-30])
                        chunk = b" " * (1 << 20)
                        for _ in range(40):
                            member.write(chunk)
                        member.write(body[-30:])
                    continue
                elif action == "drop":
                    continue
            target.writestr(info, body)
        if action == "many":
            for i in range(rng.choice([100, 6000])):
                target.writestr(f"junk/{i}.bin", b"")
    return buffer.getvalue()


# ------------------------------------------------------------------ templates for build

TEMPLATE_TRICKS = {
    "loop": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "big": "{{ 'a' * 300000000 }}",
    "include-outside": "{% include 'leak.txt' %}",
    "include-root": "{% include 'root/etc/passwd' %}",
    "recursion": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "syntax": "{% for %}",
    "undefined": "{{ nothing.here }}",
    "unsafe": "{{ ''.__class__.__mro__ }}",
    "fetch": '<img src="http://169.254.169.254/x"><link rel=stylesheet href="file:///etc/passwd">',
    "pow": "{{ 10 ** 10 ** 8 }}",
}


def write_templates(folder: Path, rng: random.Random) -> str:
    folder.mkdir()
    trick = rng.choice(list(TEMPLATE_TRICKS))
    (folder / "leak.txt").symlink_to("/etc/passwd")
    (folder / "root").symlink_to("/")
    target = rng.choice(["staffing.html", "orgchart.html", "raci.html"])
    (folder / target).write_text(TEMPLATE_TRICKS[trick], encoding="utf-8")
    return f"{trick}:{target}"


# ------------------------------------------------------------------ running


class _Scratch:
    """A temporary folder removed with `rm -rf` (shutil.rmtree recurses: the fuzz makes folders 1,100 deep)."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __enter__(self) -> str:
        self.path = tempfile.mkdtemp(prefix=self.prefix)
        return self.path

    def __exit__(self, *exc) -> None:
        subprocess.run(["rm", "-rf", self.path], check=False)


class Hang(BaseException):
    pass


def _alarm(signum, frame):
    raise Hang()


def run_in_process(args: list[str], seconds: int) -> tuple[str, str]:
    """('exit0'|'exit1'|'exit2'|'traceback'|'hang', output)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=True)
    except Hang:
        return "hang", ""
    finally:
        signal.alarm(0)
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return "traceback", f"{type(result.exception).__name__}: {result.exception}"
    if "Traceback" in output or "internal error" in output:
        return "traceback", output
    return f"exit{result.exit_code}", output


def run_child(args: list[str], seconds: int) -> tuple[str, str]:
    try:
        done = subprocess.run([sys.executable, "-m", "jobdesc", *args], capture_output=True, text=True,
                              timeout=seconds, errors="replace")
    except subprocess.TimeoutExpired:
        return "hang", ""
    output = done.stdout + done.stderr
    if "Traceback" in output or "internal error" in output:
        return "traceback", output
    return f"exit{done.returncode}", output


def main_(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", type=int, default=1000)
    parser.add_argument("--import", dest="imports", type=int, default=300)
    parser.add_argument("--build", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"))
    options = parser.parse_args(argv)
    rng = random.Random(options.seed)
    options.out.mkdir(exist_ok=True)
    failures = options.out / "failures"
    tally: dict[str, Counter] = {"check": Counter(), "import": Counter(), "build": Counter()}
    kept = Counter()
    started = time.monotonic()

    def record(command: str, outcome: str, output: str, case: Path) -> None:
        tally[command][outcome] += 1
        done = sum(tally[command].values())
        if done % 100 == 0 or command == "build":
            print(f"{command} {done}: {dict(tally[command])} {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        if outcome in ("traceback", "hang", "exit2") and kept[command] < 20:
            kept[command] += 1
            target = failures / f"{command}-{sum(tally[command].values())}-{outcome}"
            shutil.copytree(case, target, symlinks=True, ignore_dangling_symlinks=True,
                            ignore=lambda d, names: [n for n in names if Path(d, n).is_fifo()])
            (target / "OUTPUT.txt").write_text(output[-5000:], encoding="utf-8", errors="replace")

    for n in range(options.check):
        with _Scratch("fuzz-check-") as tmp:
            root = Path(tmp) / "roles"
            write_case(root, rng)
            outcome, output = run_in_process(["check", str(root)], 30)
            record("check", outcome, output, Path(tmp))
    for n in range(options.imports):
        with _Scratch("fuzz-import-") as tmp:
            source = write_import_case(Path(tmp), rng)
            out = Path(tmp) / "out"
            force = rng.random() < 0.2
            if force:
                out.mkdir()
                (out / "keep.txt").write_text("mine", encoding="utf-8")
            outcome, output = run_in_process(["import", str(source), "-o", str(out), *(["--force"] if force else [])], 60)
            if force and not (out / "keep.txt").exists():
                outcome = "deleted-user-file"
            record("import", outcome, output, Path(tmp))
    parts = ["jd", "orgchart", "raci", "staffing", "handbook"]
    for n in range(options.build):
        with _Scratch("fuzz-build-") as tmp:
            root = Path(tmp) / "roles"
            for _ in range(20):  # a hostile but valid organisation
                shutil.rmtree(root, ignore_errors=True)
                write_case(root, rng)
                tiny = sum(1 for f in walk_files(root) if f.suffix == ".yaml") <= 12  # build is slow: tiny organisations only
                if tiny and run_in_process(["check", str(root)], 30)[0] == "exit0":
                    break
            args = ["build", str(root), "-o", str(Path(tmp) / "out"), "-j", "1",
                    "--only", ",".join(rng.sample(parts, rng.randint(1, 2)))]
            if rng.random() < 0.35:
                write_templates(Path(tmp) / "templates", rng)
            outcome, output = run_child(args, 240)
            record("build", outcome, output, Path(tmp))
    elapsed = time.monotonic() - started
    summary = {command: dict(counter) for command, counter in tally.items()}
    summary["cases"] = sum(sum(c.values()) for c in tally.values())
    summary["seconds"] = round(elapsed)
    summary["seed"] = options.seed
    text = json.dumps(summary, ensure_ascii=False, indent=1)
    (options.out / "summary.json").write_text(text, encoding="utf-8")
    print(text)
    bad = sum(c[k] for c in tally.values() for k in ("traceback", "hang", "exit2", "deleted-user-file"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main_())
