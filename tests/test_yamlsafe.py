"""The loader keeps text as typed, remembers positions, and refuses unsafe YAML."""
from __future__ import annotations

from pathlib import Path

import pytest

from jobdesc.errors import UserError
from jobdesc.userfiles import MAX_YAML_BYTES as MAX_FILE_BYTES
from jobdesc.format import yaml_reader as yamlsafe
from jobdesc.format.yaml_reader import Mark, YMap, load_yaml
from time_limits import cpu_limit


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_yaml(path)


def error_of(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(UserError) as info:
        load(tmp_path, text)
    (diag,) = info.value.diagnostics
    return f"{diag.line}:{diag.column}:{diag.code}:{diag.message}"


def test_scalars_stay_the_text_typed(tmp_path):
    data = load(tmp_path, "a: NO\nb: 010\nc: 9:30\nd: 1.10\ne: 2026-01-01\nf: yes\ng: 0x1F\nh: .inf\n").data
    assert data == {"a": "NO", "b": "010", "c": "9:30", "d": "1.10", "e": "2026-01-01", "f": "yes",
                    "g": "0x1F", "h": ".inf"}


def test_null_only_for_plain_null_words(tmp_path):
    data = load(tmp_path, "a: null\nb: ~\nc:\nd: 'null'\ne: \"\"\n").data
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_marks_point_at_keys_and_values(tmp_path):
    source = load(tmp_path, "title: 销售经理\nduties:\n  - 一\n  - text: 二\n    items: [三]\n")
    assert isinstance(source.data, YMap)
    assert source.mark_of(("title",)) == Mark(1, 8)
    assert source.mark_of(("title",), key=True) == Mark(1, 1)
    assert source.mark_of(("duties", 1, "items", 0)) == Mark(5, 13)
    # A path that runs out points at the deepest container that exists.
    assert source.mark_of(("duties", 1, "missing")) == Mark(4, 5)


@pytest.mark.parametrize("text, expected", [
    ("a: 1\na: 2\n", "2:1:duplicate-key:duplicate key 'a' (first given at line 1)"),
    ("a: &x 1\nb: 2\n", "1:4:yaml-anchor:"),
    ("a: !!python/object/apply:os.system [ls]\n", "1:4:yaml-tag:"),
    ("a: !custom 1\n", "1:4:yaml-tag:"),
    ("a: [1, 2\n", "yaml-syntax"),
    ("a: 1\n---\nb: 2\n", "2:1:multiple-documents"),
    ("{[1]: 2}\n", "complex-key"),
])
def test_refused(tmp_path, text, expected):
    assert expected in error_of(tmp_path, text)


def test_not_utf8_says_how_to_fix(tmp_path):
    message = error_of(tmp_path, "title: 销售经理\n".encode("gbk"))
    assert message.startswith("1:8:not-utf8") and "re-save it as UTF-8" in message


def test_utf8_bom_is_fine(tmp_path):
    assert load(tmp_path, b"\xef\xbb\xbftitle: x\n").data == {"title": "x"}


def test_oversized_file_refused(tmp_path):
    assert "file-too-large" in error_of(tmp_path, b"# " + b"x" * MAX_FILE_BYTES + b"\n")


def test_binary_refused(tmp_path):
    assert "binary" in error_of(tmp_path, b"a: \x00\x01\x02")


def test_billion_laughs_refused_quickly(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with cpu_limit(5):  # expanding the aliases would take far longer; CPU time, not the wall clock
        assert "yaml-anchor" in error_of(tmp_path, "\n".join(lines) + "\n")


@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}")])
def test_thousands_of_brackets_do_not_recurse(tmp_path, opener, closer):
    text = "a: " + opener * 5000 + "1" + closer * 5000 + "\n"
    assert "too-deep" in error_of(tmp_path, text)


@pytest.mark.parametrize("text, expected", [
    # A control character pasted into a value: its own line and column, one line of message.
    ("a: 1\nb: 销售\x07部\n", "2:6:yaml-character:character U+0007 ('\\x07') is not allowed"),
    ("a: \x1b[31m\n", "1:4:yaml-character:character U+001B ('\\x1b')"),
    ("a: x\x7f\n", "1:5:yaml-character:character U+007F ('\\x7f')"),
])
def test_refused_character_located_on_one_line(tmp_path, text, expected):
    got = error_of(tmp_path, text)
    assert got.startswith(expected), got
    assert "\n" not in got and "<unicode string>" not in got and "position" not in got


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r"])
def test_lines_counted_as_editors_count_them(tmp_path, separator):
    # YAML breaks lines at these too; editors and GitHub only at \n. Positions follow the editors.
    source = load(tmp_path, f'a: "x{separator}y"\nb: [1]\nc: 销售\n')
    assert source.mark_of(("b",)) == Mark(2, 4)
    assert source.mark_of(("c",)) == Mark(3, 4)
    assert error_of(tmp_path, f'a: "x{separator}y"\nb: [1\n').startswith("3:1:yaml-syntax")


def test_error_at_the_end_of_a_file_without_final_newline_is_on_its_last_line(tmp_path):
    # libyaml puts this mark on a line after the last; no editor can go there.
    assert error_of(tmp_path, "a: 1\nb: [1, 2").startswith("2:9:yaml-syntax")  # just after the last character


def test_not_utf8_column_counts_characters(tmp_path):
    assert error_of(tmp_path, "a: 销售\xff\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff")).startswith("1:6:not-utf8")


def _tree(value):
    """A loaded tree with every mark, as plain data to compare."""
    if isinstance(value, yamlsafe.YMap):
        return ("map", tuple(value.mark), [(k, tuple(value.key_marks[k]), tuple(value.value_marks[k]), _tree(v))
                                          for k, v in value.items()])
    if isinstance(value, yamlsafe.YSeq):
        return ("seq", tuple(value.mark), [(tuple(m), _tree(v)) for m, v in zip(value.item_marks, value)])
    return value


def test_python_and_c_parsers_give_the_same_tree_and_the_same_refusals(tmp_path, monkeypatch):
    """The loader pulls events straight from libyaml's parser, or PyYAML's own where PyYAML was
    built without libyaml: both must give the same tree, marks and errors."""
    import yaml
    good = ('title: 销售经理\nduties:\n  - 制定计划\n  - {text: "团队\\t管理", items: [考勤, ~]}\nnote: |\n  多行\n'
            'empty:\nquoted: "null"\n')
    bad = ["a: &x 1\nb: 2\n", "a: !!str 1\n", "a: 1\na: 2\n", "a: [1, *x]\n", "---\na: 1\n---\nb: 2\n", "[a, b]: 1\n"]
    path = tmp_path / "r.yaml"
    results = {}
    for name, loader in (("c", yaml.CSafeLoader), ("python", yaml.SafeLoader)):
        monkeypatch.setattr(yamlsafe, "_EVENT_LOADER", loader)
        found = [_tree(yamlsafe.load_yaml(path, good).data)]
        for text in bad:
            with pytest.raises(UserError) as refused:
                yamlsafe.load_yaml(path, text)
            found.append([(d.line, d.column, d.code) for d in refused.value.diagnostics])
        results[name] = found
    assert results["c"] == results["python"]
    tree = yamlsafe.load_yaml(path, good).data
    assert tree["duties"][1]["text"] == "团队\t管理" and tree["duties"][1]["items"] == ["考勤", None]
    assert tree["duties"].item_marks[1] == Mark(4, 5) and tree["empty"] is None and tree["quoted"] == "null"
    assert [codes[0][2] for codes in results["c"][1:]] == [
        "yaml-anchor", "yaml-tag", "duplicate-key", "yaml-alias", "multiple-documents", "complex-key"]
