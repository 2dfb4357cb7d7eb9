"""The example built in all four editions, read back from every file written.

A reader in Taiwan must find nothing Simplified in the zh-TW edition. "Simplified-only"
is defined from OpenCC's own character tables (exported with the `opencc_dict` tool that
the opencc wheel ships): a character that s2t always replaces (a key of STCharacters that
is not among its own Traditional candidates, so 后 and 台, Traditional too, do not count),
that is no Traditional character itself (not a key of TSCharacters) and that Taiwan does
not write either (not a TWVariants target, so 秘 and 群 do not count). 发, 经, 资 are
Simplified-only; names and `keep:` terms are taken out of the text first (printed as typed).
"""
from __future__ import annotations

import csv
import html
import re
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

import opencc
import pytest
import yaml
from click.testing import CliRunner

from conftest import EXAMPLE, copy_example, pdf_fonts
from jobdesc.cache import EDITIONS_DIR
from jobdesc.cli import main
from jobdesc.editions.convert import Converter
from jobdesc.format.loader import load_organisation
from jobdesc.editions.strokes import chinese_number, stroke_count

QUOTED = "填写“客户信息登记表”并归档"


def _cli(*args) -> None:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@lru_cache(maxsize=None)
def _opencc_table(name: str) -> dict[str, list[str]]:
    clib = Path(opencc.__file__).parent / "clib"
    out = Path("/tmp") / f"jobdesc-test-{name}-{opencc.__version__}.txt"
    subprocess.run([clib / "bin" / "opencc_dict", "-i", clib / "share" / "opencc" / f"{name}.ocd2", "-o", out,
                    "-f", "ocd2", "-t", "text"], check=True)
    lines = out.read_text("utf-8").splitlines()
    return {key: value.split() for key, value in (line.split("\t") for line in lines)}


@lru_cache(maxsize=1)
def simplified_only() -> frozenset[str]:
    st, ts, tw = _opencc_table("STCharacters"), _opencc_table("TSCharacters"), _opencc_table("TWVariants")
    traditional = {c for values in st.values() for c in values} | set(ts) | {c for v in tw.values() for c in v}
    return frozenset(char for char in st if char not in traditional)


def test_the_definition_of_simplified_only():
    chars = simplified_only()
    assert {"发", "经", "资", "软", "陈"} <= chars
    assert not {"后", "台", "干", "里", "秘", "群", "發", "人"} & chars


def _texts(folder: Path) -> dict[str, str]:
    """Every written file's text: PDFs (pdftotext), Word and Excel XML, CSV."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if ".jobdesc" in name or not path.is_file():
            continue
        if path.suffix == ".pdf":
            texts[name] = subprocess.run(["pdftotext", path, "-"], check=True, capture_output=True,
                                         text=True).stdout
        elif path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as package:
                parts = [n for n in package.namelist() if n.endswith(".xml") and ("word/" in n or "sharedStrings" in n
                                                                                 or "worksheets/" in n)]
                texts[name] = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", package.read(n).decode("utf-8")))
                                        for n in parts)  # openpyxl writes &#38182; for 锦
        elif path.suffix in (".csv", ".svg"):
            texts[name] = path.read_text("utf-8")
    return texts


def _without(text: str, typed: list[str]) -> str:
    text = re.sub(r"\s+", "", text)
    for term in sorted(typed, key=len, reverse=True):
        text = text.replace(term, "")
    return text


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The example (with a keep: term and a quotation) built as zh-TW, zh-HK and en, sharing one
    cache; and a Traditional copy of it built as zh-CN."""
    root = tmp_path_factory.mktemp("editions")
    source = copy_example(root)
    org = yaml.safe_load((source / "org.yaml").read_text("utf-8"))
    org["keep"] = ["锦华置业"]
    (source / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), "utf-8")
    role_file = source / "admin" / "contract-archivist.yaml"
    role = yaml.safe_load(role_file.read_text("utf-8"))
    role["duties"].append(QUOTED)
    role_file.write_text(yaml.safe_dump(role, allow_unicode=True, sort_keys=False), "utf-8")
    built = {}
    for language in ("zh-TW", "zh-HK", "en"):
        built[language] = root / language
        _cli("build", source, "-o", built[language], "--language", language, "--cache", root / "cache", "-j", "2")
    traditional = root / "traditional"  # the example as a Taiwanese office would type it
    to_traditional = Converter("s2twp")
    for path in EXAMPLE.rglob("*"):  # role, process and meeting files, chapters, their pictures
        if not path.is_file():
            continue
        target = traditional / path.relative_to(EXAMPLE)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".yaml", ".md"):
            text = to_traditional(path.read_text("utf-8"))
            target.write_text(text.replace("language: zh-CN", "language: zh-TW"), "utf-8")
        else:
            target.write_bytes(path.read_bytes())
    built["zh-CN"] = root / "zh-CN"
    _cli("build", traditional, "-o", built["zh-CN"], "--language", "zh-CN", "-j", "2")
    source_org, _warnings = load_organisation(source)
    names = [person.name for role in source_org.roles.values() for person in role.incumbents or []]
    return built, root, names


def test_every_edition_writes_the_same_files_named_by_id(editions):
    built, _root, _names = editions
    # Personal copies (signoff/ROLE/NAME.pdf) are named by people as typed: the zh-CN edition here is
    # built from a copy typed in Traditional characters, names and all.
    listings = {lang: sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                             if p.is_file() and ".jobdesc" not in p.as_posix()
                             and not p.relative_to(folder).as_posix().startswith("signoff/"))
                for lang, folder in built.items()}
    assert listings["zh-TW"] == listings["zh-HK"] == listings["en"] == listings["zh-CN"]
    assert "jd/sales-manager.pdf" in listings["zh-TW"] and "handbook.docx" in listings["zh-TW"]


def test_nothing_simplified_in_the_taiwan_edition(editions):
    built, _root, names = editions
    texts = _texts(built["zh-TW"])
    assert {"handbook.pdf", "orgchart.pdf", "raci.pdf", "staffing.pdf", "authority.pdf", "handbook.docx",
            "raci.xlsx", "staffing.xlsx", "authority.csv", "jd/sales-manager.docx"} <= set(texts)
    found = {name: sorted(set(_without(text, names + ["锦华置业"])) & simplified_only())
             for name, text in texts.items()}
    assert {name: chars for name, chars in found.items() if chars} == {}
    assert sum(len(t) for t in texts.values()) > 100_000  # there was text to read


def test_taiwan_phrases_names_keep_terms_and_quotes(editions):
    built, _root, _names = editions
    texts = {name: re.sub(r"\s+", "", text) for name, text in _texts(built["zh-TW"]).items()}
    handbook = texts["handbook.pdf"]
    assert "資訊" in handbook and "信息" not in handbook and "軟體" in handbook and "软件" not in handbook
    assert "資訊" in texts["handbook.docx"] and "資訊" in texts["jd/sales-supervisor-1.pdf"]
    assert "陈立明" in texts["jd/sales-manager.pdf"] and "陈立明" in texts["jd/sales-manager.docx"]
    for name in ("handbook.pdf", "orgchart.pdf", "orgchart.svg", "staffing.xlsx", "jd/sales-manager.pdf"):
        assert "锦华置业" in texts[name] and "錦華置業" not in texts[name], name
    assert "填寫「客戶資訊登記表」並歸檔" in texts["jd/contract-archivist.pdf"]
    assert "銷售合同審批" in texts["raci.pdf"] or "審批" in texts["raci.pdf"]
    rows = list(csv.DictReader((built["zh-TW"] / "authority.csv").open(encoding="utf-8")))
    assert rows and all("万" not in row["unit"] for row in rows)


def _index_columns(text: str) -> list[str]:
    """The index pages' lines, the left column read before the right one (pdftotext -layout
    prints the two side by side)."""
    index = text[text.rindex("職務索引"):].splitlines()
    column = min(m.start(1) for line in index if (m := re.search(r"\S.*?\s{3,}(\S)", line))
                 and re.match(r"\s*\S+畫\s*$", line[m.start(1):]))
    return [line[:column].strip() for line in index] + [line[column:].strip() for line in index]


def test_taiwan_index_is_grouped_by_strokes(editions):
    built, _root, _names = editions
    text = subprocess.run(["pdftotext", "-layout", built["zh-TW"] / "handbook.pdf", "-"], check=True,
                          capture_output=True, text=True).stdout
    numbers = {chinese_number(n): n for n in range(1, 64)}
    groups: list[tuple[int, list[str]]] = []
    for line in _index_columns(text):
        if line.endswith("畫") and line[:-1] in numbers:
            groups.append((numbers[line[:-1]], []))
        elif groups and re.search(r"\.{5,}\s*\d+$", line):
            groups[-1][1].append(line.split()[0])
    counts = [count for count, _titles in groups]
    assert counts[:3] == [5, 6, 7] and counts == sorted(counts) and len(counts) >= 8
    assert all(stroke_count(title[0]) == count for count, titles in groups for title in titles)
    assert sum(len(titles) for _count, titles in groups) == 20  # every position, once
    assert groups[0][1] == ["市場專員"]
    with zipfile.ZipFile(built["zh-TW"] / "handbook.docx") as docx:  # no unzip on a minimal Debian
        word = docx.read("word/document.xml").decode("utf-8")
    assert word.index(">五畫<") < word.index(">七畫<") < word.index(">十五畫<")


def test_regional_faces(editions):
    """Each region's Noto Sans CJK face (TC, HK) prints every PDF: its glyph shapes and its
    punctuation (centred 。，in both), never the Simplified (SC) face."""
    built, _root, _names = editions
    for language, face in (("zh-TW", "TC"), ("zh-HK", "HK")):
        for pdf in [*built[language].glob("*.pdf"), built[language] / "jd" / "sales-manager.pdf"]:
            assert set(re.findall(r"Noto-Sans-CJK-(\w\w)", pdf_fonts(pdf))) == {face}, pdf


def test_hong_kong_english_and_simplified_editions(editions):
    built, _root, _names = editions
    hk = re.sub(r"\s+", "", _texts(built["zh-HK"])["handbook.pdf"])
    assert "軟件" in hk and "信息" in hk and "软件" not in hk and "職位索引" in hk and "畫" in hk
    english = _texts(built["en"])
    assert "Index of positions" in english["handbook.pdf"] and "销售经理" in english["handbook.pdf"]
    assert "软件" in re.sub(r"\s+", "", english["handbook.pdf"])  # content as typed
    cn = {name: re.sub(r"\s+", "", text) for name, text in _texts(built["zh-CN"]).items()}
    assert "销售经理" in cn["handbook.pdf"] and "銷售經理" not in cn["handbook.pdf"]
    assert "陳立明" in cn["jd/sales-manager.pdf"]  # the name as the Taiwanese source typed it
    assert "岗位索引" in cn["handbook.pdf"] and "畫" not in cn["handbook.pdf"]


def test_editions_share_one_cache_and_keep_each_others_entries(editions):
    _built, root, _names = editions
    records = root / "cache" / EDITIONS_DIR
    assert sorted(p.name for p in records.iterdir()) == ["en", "zh-HK", "zh-TW"]
    for record in records.iterdir():
        used = record.read_text("utf-8").splitlines()
        assert used and all((root / "cache" / name).exists() for name in used), record.name
