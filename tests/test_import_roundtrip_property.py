"""Issue 26, property: whatever is done to the duties in Word, the import brings back exactly it.

Random sequences of edits (replace a duty's text across split runs, type a new duty, delete one,
move one; each tracked or not, as Word writes them: tests/word_edits.py) are made on example job
descriptions. The test keeps its own model of what the document shows once its tracked changes
are accepted. After `import --into`, either the role printed again from the directory shows
exactly the model's duties, or the import refused (exit 1) and no file of the directory changed.
Exit 2, a hang or any other outcome fails.
"""
from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jobdesc.cli import main
from jobdesc.importer.word_jd import read_word_job_description
from jobdesc.jd.workers import JobDescriptionMaker
from jobdesc.format.loader import load_organisation
from jobdesc.templating import TemplateSet
from word_edits import W, WordXml, dele, fragment, ins, r

EXAMPLE = Path(__file__).resolve().parents[1] / "roles"
ROLES = ("sales-manager", "admin-supervisor", "customer-service-manager")


class Built(tuple):
    """(directory, {role: Word file}); shown briefly in a falsifying example."""

    def __repr__(self) -> str:
        return "Built(example roles)"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = tmp_path_factory.mktemp("property") / "roles"
    shutil.copytree(EXAMPLE, root)
    org, _ = load_organisation(root)
    maker = JobDescriptionMaker(org, TemplateSet.for_organisation(root).folders)
    return Built((root, {role_id: maker.docx(role_id) for role_id in ROLES}))


def duty_paragraphs(doc: WordXml) -> list:
    """The duties section's numbered paragraphs, in order (between its heading and the next)."""
    found, inside = [], False
    for p in doc.root.iter(f"{{{W}}}p"):
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        style = style.get(f"{{{W}}}val") if style is not None else ""
        if style.startswith("Heading"):
            inside = WordXml.text(p).strip() == "岗位职责"
        elif inside and style == "JDItem" and not _removed(p):
            found.append(p)
    return found


def _removed(p) -> bool:
    """A paragraph this test deleted with Track Changes on (its mark deleted, all text in w:del)."""
    return p.find(f"{{{W}}}pPr/{{{W}}}rPr/{{{W}}}del") is not None


def number_of(p) -> str:
    return WordXml.text(p.findall(f"{{{W}}}r")[0]) if p.findall(f"{{{W}}}r") else ""


TEXT = st.text(alphabet=st.sampled_from(list("销售客户管理每月报表负责组织ABC xyz123：#-'\"，。（）%")),
               min_size=1, max_size=18).map(str.strip).filter(bool)
EDIT = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, 40), TEXT, st.booleans(), st.integers(0, 30)),
    st.tuples(st.just("insert"), st.integers(0, 40), TEXT, st.booleans()),
    st.tuples(st.just("delete"), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("move"), st.integers(0, 40), st.integers(0, 40), st.booleans()),
)


def numbered(number: str, content: str) -> str:
    return f'<w:r><w:rPr><w:b/></w:rPr><w:t>{number}</w:t><w:tab/></w:r>' + content


def rewrite(doc: WordXml, p, xml: str) -> None:
    """The paragraph's content replaced by `xml`, its own properties kept (tracked marks dropped)."""
    for child in list(p):
        if child.tag != f"{{{W}}}pPr":
            p.remove(child)
    marks = p.find(f"{{{W}}}pPr/{{{W}}}rPr")
    if marks is not None:
        for tracked in marks.findall(f"{{{W}}}ins") + marks.findall(f"{{{W}}}del"):
            marks.remove(tracked)
    for element in fragment(xml):
        p.append(element)


def apply(doc: WordXml, model: list[list[str]], edit: tuple) -> None:
    """Make `edit` in the document as Word writes it, and in `model` ([number, text] shown)."""
    paragraphs = duty_paragraphs(doc)
    if not paragraphs:
        return
    kind, i = edit[0], edit[1] % len(paragraphs)
    p = paragraphs[i]
    number, old = model[i]
    if kind == "replace":
        _, _, text, tracked, cut = edit
        cut = cut % (len(old) + 1)
        rewrite(doc, p, numbered(number, r(old[:cut], "00AA0001") + (
            dele(old[cut:]) + ins(text) if tracked else r(text[:2], "00AA0002") + r(text[2:], "00AA0003"))))
        model[i][1] = old[:cut] + text
    elif kind == "insert":
        _, _, text, tracked = edit
        doc.new_paragraph_after(p, number, "<w:r><w:tab/></w:r>" + (ins(text) if tracked else r(text)), tracked)
        model.insert(i + 1, [number, text])
    elif kind == "delete":
        if edit[2]:  # the whole paragraph selected and deleted: its text and its mark
            rewrite(doc, p, dele(number) + dele(old))
            doc.set_mark(p, "del")
        else:
            p.getparent().remove(p)
        del model[i]
    else:
        j = edit[2] % len(paragraphs)
        if i == j:
            return
        moved = model.pop(i)
        target = paragraphs[j]
        if edit[3]:  # Track Changes on: w:moveFrom where it stood (its mark deleted), w:moveTo where it goes
            copy_of = copy.deepcopy(p)
            rewrite(doc, p, f'<w:moveFrom w:id="1{i}{j}" w:author="HR" w:date="2026-03-01T00:00:00Z">'
                            + numbered(number, r(old)) + "</w:moveFrom>")
            doc.set_mark(p, "del")
            rewrite(doc, copy_of, f'<w:moveTo w:id="2{i}{j}" w:author="HR" w:date="2026-03-01T00:00:00Z">'
                                  + numbered(number, r(old)) + "</w:moveTo>")
            p = copy_of
        else:
            p.getparent().remove(p)
        (target.addnext if j > i else target.addprevious)(p)
        model.insert(j, moved)


def tree(items: list[tuple[int, str]]) -> list:
    """(depth, text) items as the nested texts a reader makes of them."""
    roots: list = []
    stack: list = []
    for depth, text in items:
        node = (text, [])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1][1] if stack else roots).append(node)
        stack.append((depth, node))
    return roots


def shown(nodes) -> list:
    return [(node.text, shown(node.items)) for node in nodes]


# No shrinking: each example is an import (seconds); a failure prints its edits as generated.
@settings(max_examples=10, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(role=st.sampled_from(ROLES), edits=st.lists(EDIT, min_size=1, max_size=5))
def test_random_word_edits_come_back_exactly_or_not_at_all(example, role, edits):
    source_root, documents = example
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "roles"
        shutil.copytree(source_root, root)
        doc = WordXml(documents[role])
        model = [[number_of(p), _after_tab(p)] for p in duty_paragraphs(doc)]
        for edit in edits:
            apply(doc, model, copy.deepcopy(edit))
        edited = Path(folder) / "edited.docx"
        edited.write_bytes(doc.bytes())
        before = {path: path.read_bytes() for path in root.rglob("*.yaml")}
        result = CliRunner().invoke(main, ["import", str(edited), "--into", str(root)])
        assert result.exit_code in (0, 1), (result.exit_code, result.output, edits)
        if result.exit_code == 1:
            assert {path: path.read_bytes() for path in root.rglob("*.yaml")} == before, result.output
            return
        org, _ = load_organisation(root)
        again = JobDescriptionMaker(org, TemplateSet.for_organisation(root).folders).docx(role)
        printed = read_word_job_description(again, org.language).sections["duties"].tree()
        want = tree([(number.count(".") + 1, text) for number, text in model])
        assert shown(printed) == _texts(want), (edits, result.output)


def _after_tab(p) -> str:
    runs = p.findall(f"{{{W}}}r")
    return "".join(WordXml.text(run) for run in runs[1:]).strip()


def _texts(nodes) -> list:
    return [(text, _texts(children)) for text, children in nodes]


def test_the_models_reader_agrees_with_a_plain_document(example):
    """The model starts as what the document shows: no edit, no difference."""
    _, documents = example
    doc = WordXml(documents["sales-manager"])
    model = [[number_of(p), _after_tab(p)] for p in duty_paragraphs(doc)]
    parsed = read_word_job_description(documents["sales-manager"], "zh-CN").sections["duties"].tree()
    assert shown(parsed) == _texts(tree([(n.count(".") + 1, t) for n, t in model]))


WORDS = ["每月", "每旬", "90%", "40.0%", "九成", "1,000万元", "编制 2 人 / 在岗 1 人 / 空缺 1 人", "营销总监", "", "x",
         "内部关系", "12次", "Every ten days", "、", "每周 · 周一", "销售经理", "学历要求"]


@settings(max_examples=10, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(role=st.sampled_from(ROLES), data=st.data())
def test_any_text_edited_anywhere_comes_back_or_is_refused_never_an_internal_error(example, role, data):
    """Any run of text in the file (a column heading, a label cell, a period, a headcount, the
    title) retyped, appended to or cut: exit 0 (the check after writing passed) or exit 1 with
    the directory unchanged. Column headings, emptied label rows and percentages written as
    40.0% were internal errors found this way."""
    source_root, documents = example
    doc = WordXml(documents[role])
    texts = [t for t in doc.root.iter(f"{{{W}}}t") if t.text and t.text.strip()]
    for _ in range(data.draw(st.integers(1, 3))):
        t = texts[data.draw(st.integers(0, len(texts) - 1))]
        how = data.draw(st.sampled_from(["retype", "append", "cut"]))
        word = data.draw(st.sampled_from(WORDS))
        t.text = word if how == "retype" else t.text + word if how == "append" else t.text[:len(t.text) // 2]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "roles"
        shutil.copytree(source_root, root)
        edited = Path(folder) / "edited.docx"
        edited.write_bytes(doc.bytes())
        before = {path: path.read_bytes() for path in root.rglob("*.yaml")}
        result = CliRunner().invoke(main, ["import", str(edited), "--into", str(root)])
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 1:
            assert {path: path.read_bytes() for path in root.rglob("*.yaml")} == before
