"""Issue 35, point 5: every regular expression the importer and the loader run on user text
is fed adversarial strings (long runs of each character the pattern names, of spaces, of
separators, alternations of two of them, each with a tail that spoils the match) and must
finish each call far within a generous kill limit.

No wall clock is asserted: the strings are long (60,000 characters) so that a linear pattern
needs milliseconds and a quadratic or cubic one needs minutes; the alarm only stops a runaway
call (the regex engine checks for signals while it backtracks) and names it. The patterns are
collected from the modules' source (every re.compile/match/search/... with a literal pattern)
and from their compiled module-level patterns, so a new one is tested without being listed.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import signal
from pathlib import Path

import pytest

import jobdesc
import jobdesc.importer

LENGTH = 60_000
KILL_SECONDS = 30  # per pattern; a linear one takes a few seconds for all its strings, a quadratic one minutes
USER_TEXT_MODULES = sorted(
    [f"jobdesc.importer.{m.name}" for m in pkgutil.iter_modules(jobdesc.importer.__path__)]
    + ["jobdesc.format.position_models", "jobdesc.format.process_models", "jobdesc.format.chapter_reader", "jobdesc.format.chapter_addresses",
       "jobdesc.format.yaml_reader", "jobdesc.format.loader", "jobdesc.textcheck"])
_CALLS = {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer"}
_FLAG_NAMES = {"S": re.S, "DOTALL": re.S, "M": re.M, "MULTILINE": re.M, "I": re.I, "IGNORECASE": re.I,
               "X": re.X, "VERBOSE": re.X, "A": re.A, "ASCII": re.A}


def _flags(node) -> int:
    if isinstance(node, ast.Attribute) and node.attr in _FLAG_NAMES:
        return _FLAG_NAMES[node.attr]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags(node.left) | _flags(node.right)
    return 0


def _literal_patterns(module_name: str) -> dict[tuple[str, int], set[str]]:
    """(pattern, flags) -> the calls made with it ("compile": any call may follow)."""
    source = Path(importlib.import_module(module_name).__file__).read_text(encoding="utf-8")
    found: dict[tuple[str, int], set[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _CALLS
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            flags = [k.value for k in node.keywords if k.arg == "flags"]
            position = {"compile": 1, "match": 2, "fullmatch": 2, "search": 2, "split": 3, "findall": 2,
                        "finditer": 2, "sub": 4, "subn": 4}[node.func.attr]
            if len(node.args) > position:
                flags.append(node.args[position])
            key = (node.args[0].value, _flags(flags[0]) if flags else 0)
            found.setdefault(key, set()).add(node.func.attr)
    return found


ANY = {"search", "match", "fullmatch"}
_ANCHORED = {"match": {"match"}, "fullmatch": {"fullmatch"}}


def user_text_patterns() -> list[tuple[str, str, int, tuple[str, ...]]]:
    """(module, pattern, flags, ways it is run) for every pattern found."""
    seen: dict[tuple[str, int], tuple[str, set[str]]] = {}
    for name in USER_TEXT_MODULES:
        module = importlib.import_module(name)
        for found in vars(module).values():
            # a table of patterns (owed_reports._FORMS, duty_meetings._PERIODS) is tested pattern by pattern
            table = found if isinstance(found, (tuple, list)) else [found]
            for value in [v for row in table for v in (row if isinstance(row, tuple) else [row])]:
                if not (isinstance(value, re.Pattern) and isinstance(value.pattern, str)):
                    continue
                seen.setdefault((value.pattern, value.flags & ~re.U), (name, set()))[1].update(ANY)
        for key, calls in _literal_patterns(name).items():
            ways = set().union(*(_ANCHORED.get(call, ANY) for call in calls))
            seen.setdefault(key, (name, set()))[1].update(ways)
    return sorted((module, pattern, flags, tuple(sorted(ways)))
                  for (pattern, flags), (module, ways) in seen.items())


def hostile_strings(pattern: str) -> list[str]:
    """Runs of the pattern's own characters and of the usual troublemakers, spoiled at the end."""
    characters = [ch for ch in dict.fromkeys(pattern) if ch not in "\\()[]{}?+*^$" ][:12]
    characters += [" ", "\t", "-", "1", "中", "：", "、", "*", "|", ".", "(", "（"]
    characters = list(dict.fromkeys(characters))
    out = []
    for index, ch in enumerate(characters):
        other = characters[(index + 1) % len(characters)]
        for tail in ("-x", "\x00"):
            out.append(ch * LENGTH + tail)
            out.append((ch + other) * (LENGTH // 2) + tail)
            out.append((ch + " ") * (LENGTH // 2) + tail)
    out.append("((((" * (LENGTH // 4) + "x")
    out.append("1." * (LENGTH // 2) + "x")
    return out


class Runaway(Exception):
    pass


def _alarm(signum, frame):
    raise Runaway


PATTERNS = user_text_patterns()


def test_the_collector_finds_the_patterns_of_the_markdown_reader():
    patterns = {pattern for _, pattern, _, _ in PATTERNS}
    assert r"^\s{0,3}#{1,6}\s+" in patterns
    assert len(PATTERNS) > 60


@pytest.mark.parametrize("module, pattern, flags, ways", PATTERNS, ids=[f"{m}:{p[:40]}" for m, p, _, _ in PATTERNS])
def test_a_user_text_pattern_stays_linear_on_hostile_strings(module, pattern, flags, ways):
    compiled = re.compile(pattern, flags)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(KILL_SECONDS)
    try:
        for text in hostile_strings(pattern):
            if "search" in ways:  # also what sub, split, findall and finditer do
                for _ in compiled.finditer(text):
                    pass
            if "match" in ways:
                compiled.match(text)
            if "fullmatch" in ways:
                compiled.fullmatch(text)
    except Runaway:
        pytest.fail(f"{module}: {pattern!r} ran past {KILL_SECONDS} s on a {LENGTH:,}-character string "
                    f"({text[:12]!r}…): it backtracks super-linearly")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _same_matches(old: str, new: str, alphabet: list[str], rng) -> None:
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert [(m.span(), m.groups()) for m in re.finditer(old, text)] == \
               [(m.span(), m.groups()) for m in re.finditer(new, text)], (old, text)
        assert re.split(old, text) == re.split(new, text), (old, text)


def test_the_linear_rewrites_find_what_the_old_patterns_found():
    """Each pattern rewritten for linearity is compared with the one it replaced on random short texts."""
    import random

    from jobdesc.importer import recognising, text, titles

    rng = random.Random(35)
    alphabet = [" ", "\t", "=", "兼", "任", "编制", "1", "2", "人", "名", "个", "(", ")", "，", "中", "至少", ".",
                "次", "x", "%"]
    _same_matches(r"\s*(?:[=＝]|兼任?)\s*", titles.COMBINED.pattern, alphabet, rng)
    _same_matches(r"(?:编制|定编)?\s*(\d{1,5})\s*(?:人|名|个)?", titles._BUDGET.pattern, alphabet, rng)
    _same_matches(r"\s*[(]\s*(\d{1,4})\s*(?:人|名)\s*[)]\s*$|(?<=[\u4e00-\u9fff])\s*(\d{1,4})\s*(?:人|名)$",
                  titles._HEADCOUNT.pattern, alphabet, rng)
    _same_matches(f"({recognising._COMPARATOR})?\\s*(\\d+(?:\\.\\d+)?)\\s*({recognising._UNITS})",
                  recognising._QUANTITY.pattern, alphabet, rng)
    for _ in range(20_000):
        sample = "".join(rng.choice("()a 中") for _ in range(rng.randint(0, 12)))
        assert text.without_brackets(sample) == re.sub(r"\([^)]*\)", "", sample)
        assert text.bracketed(sample) == re.findall(r"\(([^)]*)\)", sample)
        assert text.without_final_bracket(sample) == re.sub(r"\([^)]*\)$", "", sample)


def _import(tmp_path, text: str):
    from click.testing import CliRunner

    from jobdesc.cli import main

    source = tmp_path / "jd.txt"
    source.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["import", str(source), "-o", str(tmp_path / "out")])


def test_a_line_of_chapter_marks_is_no_internal_error(tmp_path):
    """It was read by a recursion, one level per mark: 1,500 marks were a RecursionError (exit 2)."""
    result = _import(tmp_path, "销售经理岗位职责\n1、负责销售\n" + "第一章 " * 1_500 + "\n")
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.output


def test_position_titles_are_not_tested_on_every_prefix_of_a_long_line(tmp_path, monkeypatch):
    """A line of 30,000 "一、" asked is_position_title of long texts thousands of times (quadratic):
    the characters it scans stay within a small multiple of the document's."""
    from jobdesc.importer import titles

    scanned = []
    original = titles.split_combined
    monkeypatch.setattr(titles, "split_combined", lambda title: scanned.append(len(title)) or original(title))
    text = "销售经理岗位职责\n1、负责销售\n" + "**" + "一、" * 30_000 + "\n"
    _import(tmp_path, text)
    assert sum(scanned) < 10 * len(text), f"{sum(scanned):,} characters scanned for a {len(text):,}-character text"
