"""`jobdesc import FILE... -o DIR`: draft an organisation directory from existing JDs.

The stages, each in its own module:
  reading     .docx/.txt/.md → lines (Word numbering written out)
  cleaning    drop site chrome, page markers, watermarks; undo page-chunked pastes
  tokens      cut lines into headings, labels, numbered items, text (also inside lines)
  segmenting  group tokens into positions and department duty lists, nesting the items
  recognising KPIs, owed reports, superiors, requirements — from the wording
  building    ids (pinyin slugs), departments, reports_to/extends resolved to ids
  writing     YAML text with review comments, written atomically
"""
from __future__ import annotations

from pathlib import Path

import click

from .building import build
from .cleaning import clean
from .reading import read_lines
from .report import ImportReport
from .segmenting import segment
from .writing import check_target, write_directory

__all__ = ["import_documents", "import_command", "ImportReport"]


def import_documents(files: list[Path], out_dir: Path, force: bool = False) -> ImportReport:
    """Import the documents into `out_dir`; raises UserError for bad input (nothing written)."""
    from ..errors import UserError

    if not files:
        raise UserError.at(Path("."), 1, 1, "import-missing", "name at least one document to import")
    check_target(out_dir, force)
    documents = []
    removed: list[tuple[str, int, str]] = []
    for path in files:
        path = Path(path)
        cleaned = clean(read_lines(path))
        removed += [(str(path), number, codes) for number, codes in cleaned.removed]
        documents.append(segment(path, cleaned))
    organisation = build(documents)
    if not organisation.roles:
        names = ", ".join(Path(f).name for f in files)
        raise UserError.at(files[0], 1, 1, "import-nothing",
                           f"no position with duties found in {names}: nothing to import")
    write_directory(organisation, out_dir, force, validate=_validate)
    report = ImportReport.of(organisation, out_dir,
                             noise_lines=sum(d.noise_lines for d in documents),
                             ignored_lines=sum(len(d.ignored_lines) for d in documents))
    report.removed_characters = removed
    return report


def _validate(directory: Path) -> None:
    """Check the draft with the same loader `jobdesc check` uses, before it is moved into place.

    A failure here is a bug in the importer (it must only write valid files), not the user's.
    """
    try:
        from ..loader import load_organisation
    except ImportError:  # pragma: no cover - the loader ships with jobdesc
        return
    from ..errors import UserError

    try:
        load_organisation(directory)
    except UserError as exc:
        raise RuntimeError("the importer wrote an invalid organisation:\n" + str(exc)) from None


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="The organisation directory to create (must be new or empty).")
@click.option("--force", is_flag=True, help="Replace a non-empty output directory.")
def import_command(files: tuple[Path, ...], out_dir: Path, force: bool) -> None:
    """Draft an organisation directory from existing job descriptions (.docx, .txt, .md)."""
    report = import_documents(list(files), out_dir, force=force)
    click.echo(report.format())
