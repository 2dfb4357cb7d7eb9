"""`jobdesc import FILE... -o DIR`: draft an organisation directory from existing JDs.

The stages, each in its own module:
  reading     .docx/.txt/.md → lines (Word numbering written out)
  cleaning    drop site chrome, page markers, watermarks; undo page-chunked pastes
  tokens      cut lines into headings, labels, numbered items, text (also inside lines)
  segmenting  group tokens into positions and department duty lists, nesting the items
  recognising KPIs, requirements — from the wording; superiors.py (the phrase table,
              titles as posts, ranks), owed_reports.py, meetings.py, structure_counts.py
  building    ids (pinyin slugs), one department tree per article, reports_to/extends/
              reports resolved to ids (resolving.py), chapters (chapter_text.py) and
              meetings (meeting_files.py)
  writing     YAML and Markdown with review comments, written atomically
"""
from __future__ import annotations

from pathlib import Path

import click

from .budget import Budget
from .cleaning import clean
from .glyphs import replace_undrawable
from .package import check_package
from .reading import read_lines
from .report import ImportReport
from .segmenting import segment
from .sizes import keep_within_limits
from .staffing import StaffingReport, apply_staffing, read_staffing
from .word_jd import as_draft, read_word_job_description
from .writing import check_target, write_directory

__all__ = ["import_documents", "import_command", "ImportReport"]


def import_documents(files: list[Path], out_dir: Path, force: bool = False) -> ImportReport:
    """Import the documents into `out_dir`; raises UserError for bad input (nothing written)."""
    from ..errors import UserError

    if not files:
        raise UserError.at(Path("."), 1, 1, "import-missing", "name at least one document to import")
    check_target(out_dir, force)
    from . import building  # noqa: F401 - pypinyin's dictionaries load before the budget's clock starts
    with Budget(len(files)).running() as budget:
        organisation, documents, removed, blank, staffing_report = _draft(list(map(Path, files)), budget)
        replaced = replace_undrawable(organisation)
        keep_within_limits(organisation)
        budget.current = str(out_dir)
        write_directory(organisation, out_dir, force, validate=_validate)
    report = ImportReport.of(organisation, out_dir,
                             noise_lines=sum(len(d.noise_lines) for d in documents),
                             ignored_lines=sum(len(set(d.ignored_lines)) for d in documents))
    report.line_lists = [(d.path.name, sorted(set(d.noise_lines)), sorted(set(d.ignored_lines))) for d in documents]
    report.blank = blank
    report.headcount_lines = [(d.path.name, d.headcount_lines) for d in documents if d.headcount_lines]
    report.chapter_lines = [(d.path.name, sorted(n for c in d.chapters for n in [c.line] + [m for m, _ in c.lines]))
                            for d in documents if d.chapters]
    report.chapters = [name for name, _ in organisation.chapters]
    report.removed_characters = removed + [("draft", owner, f"{codes} (replaced by □)") for owner, codes in replaced]
    report.staffing = staffing_report
    return report


def _draft(files: list[Path], budget):
    """The organisation drafted from the documents, and what the report tells about them."""
    from ..errors import UserError
    from .building import build  # pypinyin's dictionaries: a second of CPU that --into never needs

    documents = []
    removed: list[tuple[str, int, str]] = []
    tables = [f for f in files if f.suffix.lower() == ".xlsx"]
    files = [f for f in files if f.suffix.lower() != ".xlsx"]
    staffing = []
    for table in tables:
        budget.current = str(table)
        staffing += read_staffing(table)
    if tables and not files:
        raise UserError.at(tables[0], 1, 1, "import-nothing",
                           "a staffing table gives figures, not positions with duties: import it together with "
                           "the job descriptions (jobdesc import JD... TABLE.xlsx -o NEW), or --into an existing "
                           "directory")
    blank: set[tuple[str, int]] = set()  # (file, line): what a range of skipped lines may span
    for path in files:
        budget.current = str(path)
        own = jobdesc_word_file(path)
        if own is not None:  # a job description jobdesc wrote: read by its sections, not as prose
            data, properties = own
            documents.append(as_draft(path, _read_own(path, data, properties["language"]), properties["language"]))
            continue
        raw = read_lines(path)
        blank.update((path.name, number) for number, line in enumerate(raw, start=1) if not line.strip())
        cleaned = clean(raw)
        removed += [(str(path), number, codes) for number, codes in cleaned.removed]
        documents.append(segment(path, cleaned))
    budget.current = str(files[0])
    organisation = build(documents)
    if not organisation.roles:
        names = ", ".join(Path(f).name for f in files)
        raise UserError.at(files[0], 1, 1, "import-nothing",
                           f"no position with duties found in {names}: nothing to import")
    staffing_report = StaffingReport(tables[0]) if tables else None
    if staffing_report is not None:
        apply_staffing(organisation, staffing, staffing_report)
    return organisation, documents, removed, blank, staffing_report


def _read_own(path: Path, data: bytes, language: str):
    """A job description jobdesc wrote, read by its sections; a damaged one is the user's file's fault."""
    from ..errors import UserError
    from .package import not_readable

    try:
        return read_word_job_description(data, language, path)
    except UserError:
        raise  # already located (a control character in a part, a part that is not XML)
    except (MemoryError, RecursionError):
        raise not_readable(path, "its structure is too large or too deep") from None
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml fail on a damaged package in many ways
        raise not_readable(path, f"{type(exc).__name__}: {exc}"[:300]) from None


def _validate(directory: Path) -> None:
    """Check the draft with the same loader `jobdesc check` uses, before it is moved into place.

    A failure here is a bug in the importer (it must only write valid files), not the user's.
    """
    try:
        from ..format.loader import load_organisation
    except ImportError:  # pragma: no cover - the loader ships with jobdesc
        return
    from ..errors import UserError

    try:
        load_organisation(directory)
    except UserError as exc:
        raise RuntimeError("the importer wrote an invalid organisation:\n" + str(exc)) from None


def jobdesc_word_file(path: Path) -> tuple[bytes, dict[str, str]] | None:
    """A .docx jobdesc wrote (its bytes and custom properties), or None for any other file."""
    from .. import userfiles
    from ..jd.docx_properties import read as read_properties
    from ..jd.labels import jd_labels

    if path.suffix.lower() != ".docx" or not path.is_file():
        return None
    data = userfiles.read_bytes(path, userfiles.MAX_IMPORT_DOCX_BYTES)
    data = check_package(path, data)  # rebuilt from its checked parts: what every later reader parses
    properties = read_properties(data)
    if not properties.get("role"):
        return None
    try:
        jd_labels(properties.get("language", ""))
    except (KeyError, ValueError):
        return None
    return data, properties


def import_into(files: list[Path], into: Path, reject_changes: bool = False, comments_as_todo: bool = False) -> list:
    """`--into DIR`: Word job descriptions jobdesc wrote (edited) and staffing tables (.xlsx)
    are carried into an existing organisation directory; reports, one per file."""
    from ..errors import UserError
    from .roundtrip import import_word_edits
    from .staffing import import_staffing

    if not into.is_dir() or not (into / "org.yaml").is_file():
        raise UserError.at(into, 1, 1, "import-into", f"{into} is no organisation directory (no org.yaml): "
                           "--into carries edits into an existing one; use -o NEW to draft a new one")
    reports = []
    for path in map(Path, files):
        if path.suffix.lower() == ".xlsx":
            reports.append(import_staffing(path, into))
            continue
        own = jobdesc_word_file(path)
        if own is None:
            read_lines(path)  # a missing, empty or unreadable file gets its own message first
            raise UserError.at(path, 1, 1, "import-into",
                               f"{path.name} is not a job description jobdesc wrote (it carries no jobdesc "
                               "properties): --into takes those and staffing tables (.xlsx); draft other "
                               "documents into a new folder with -o NEW")
        reports.append(import_word_edits(path, own[0], own[1], into, reject_changes=reject_changes,
                                         comments_as_todo=comments_as_todo))
    return reports


@click.command("import")
# No dir_okay=False: a folder given by mistake gets reading.py's message and exit 1, not a usage error.
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="The organisation directory to create (must be new or empty).")
@click.option("--into", "into", type=click.Path(path_type=Path, file_okay=False),
              help="An existing organisation directory: carry edited Word job descriptions "
                   "and staffing tables (.xlsx) into it.")
@click.option("--force", is_flag=True, help="Replace a non-empty output directory.")
@click.option("--reject-changes", is_flag=True,
              help="With --into: import the Word file as it was before its tracked changes "
                   "(by default they are accepted, and the report says whose).")
@click.option("--comments-as-todo", is_flag=True,
              help="With --into: write the Word file's comments into the role file as # TODO comments.")
def import_command(files: tuple[Path, ...], out_dir: Path | None, into: Path | None, force: bool,
                   reject_changes: bool, comments_as_todo: bool) -> None:
    """Draft an organisation directory from existing job descriptions (.docx, .txt, .md, .xlsx),
    or carry edits made in Word and staffing tables into one (--into)."""
    if (out_dir is None) == (into is None):
        raise click.UsageError("give either -o NEW (draft a new directory) or --into DIR (carry edits into one)")
    if into is not None:
        for report in import_into(list(files), into, reject_changes, comments_as_todo):
            click.echo(report.format())
        return
    report = import_documents(list(files), out_dir, force=force)
    click.echo(report.format())
