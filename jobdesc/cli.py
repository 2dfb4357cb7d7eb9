"""The command line. It only wires the stages together and is the one place that
turns a `UserError` into located messages and exit code 1 (FORMAT.md section 6)."""
from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .environment import EnvironmentProblem, from_os_error
from .errors import UserError, printable
from .i18n import LANGUAGES
from .report import as_github, as_json, as_text, summary

EXIT_INPUT = 1
EXIT_USAGE = 2


def _print_diagnostics(diagnostics, fmt: str) -> None:
    if fmt == "json":
        click.echo(as_json(diagnostics))
        return
    lines = as_github(diagnostics) if fmt == "github" else as_text(diagnostics)
    for line in lines:
        click.echo(line)


class _Main(click.Group):
    """Catches user errors once, here (exit 1); the machine's problems (exit 2, what to do);
    anything else is a bug (exit 2, short message)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            fmt = ctx.meta.get("jobdesc.format", "text")
            _print_diagnostics(exc.diagnostics, fmt)
            if fmt != "json":
                click.echo(summary(exc.diagnostics), err=True)
            ctx.exit(EXIT_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except EnvironmentProblem as exc:
            self._environment_problem(ctx, exc)
        except OSError as exc:
            problem = from_os_error(exc)
            if problem is None:
                self._internal_error(ctx, exc)
            self._environment_problem(ctx, problem)
        except Exception as exc:  # a bug in jobdesc, not the user's fault
            self._internal_error(ctx, exc)

    @staticmethod
    def _environment_problem(ctx: click.Context, problem: EnvironmentProblem) -> None:
        if ctx.meta.get("jobdesc.debug"):
            raise problem
        click.echo(f"jobdesc: error: {printable(str(problem))}", err=True)
        ctx.exit(EXIT_USAGE)

    @staticmethod
    def _internal_error(ctx: click.Context, exc: Exception) -> None:
        if ctx.meta.get("jobdesc.debug"):
            raise exc
        click.echo(f"jobdesc: internal error: {type(exc).__name__}: {printable(str(exc))}", err=True)
        click.echo("Please report this with the input that caused it (rerun with --debug for details).", err=True)
        ctx.exit(EXIT_USAGE)


def _set_debug(ctx: click.Context, _param, value: bool) -> None:
    if value:
        ctx.meta["jobdesc.debug"] = True  # meta is shared by the whole command line's contexts


# `--debug` is taken before the command (`jobdesc --debug build`) and after it (`jobdesc build
# --debug`), where people add it when the advice to rerun with it appears.
debug_option = click.option("--debug", is_flag=True, hidden=True, expose_value=False, is_eager=True,
                            callback=_set_debug, help="Show tracebacks of internal errors.")


@click.group(cls=_Main)
@click.version_option(__version__, prog_name="jobdesc")
@debug_option
def main() -> None:
    """Turn an organisation kept as YAML into job descriptions, org charts, RACI and staffing tables."""


_reads_only = False  # set by a command that writes nothing and starts nothing (see run)


def run() -> None:
    """The process's entry point (`jobdesc`, `python -m jobdesc`): the command, then exit.

    At exit Python runs a last full cycle collection over everything still alive (0.44 s after
    loading 2,000 positions), then frees it all (~0.1 s), memory the process gives back anyway.
    Freezing what is alive takes it out of that collection; a command that only reads and
    prints (`check`) leaves at once once its output is flushed. (Not in `main`: tests call
    that many times in one process, and what a frozen object holds is never collected.)"""
    from .format.collector import keep_loaded_frozen

    keep_loaded_frozen(True)  # until `serve` says otherwise
    try:
        main()
    except SystemExit as leaving:
        gc.freeze()
        if _reads_only and isinstance(leaving.code, (int, type(None))):
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(leaving.code or 0)
        raise
    finally:
        gc.freeze()


DIR_ARG = click.argument("directory", default="roles", type=click.Path(path_type=Path, file_okay=False))
TEMPLATES_OPTION = click.option(
    "--templates", "templates", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None,
    help="A folder of templates overriding the built-in ones "
         "(default: templates/ beside the organisation directory, if present).")

COLUMNS_OPTION = click.option(
    "--columns", default="", metavar="MAP",
    help="Roster headers jobdesc does not recognise, as HEADER=FIELD pairs: "
         "--columns 姓名=name,职务=title (fields: name, number, department, title, manager, status, concurrent; "
         "first_name and last_name for a name in two columns).")


@main.command()
@DIR_ARG
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              help="text for people, json for tools, github for pull-request annotations.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@TEMPLATES_OPTION
@click.option("--roster", "roster_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also compare with this roster from the HR system (xlsx/csv): its drift as warnings.")
@COLUMNS_OPTION
@debug_option
@click.pass_context
def check(ctx: click.Context, directory: Path, fmt: str, strict: bool, templates: Path | None,
          roster_file: Path | None, columns: str) -> None:
    """Validate an organisation directory (default: roles/): everything `build` would refuse."""
    from .format.loader import load_organisation
    from .preflight import check_inputs

    global _reads_only
    _reads_only = True  # reads, prints, writes no file, leaves no process behind
    ctx.meta["jobdesc.format"] = fmt
    given = _roster_columns(columns)
    organisation, warnings = load_organisation(directory)
    check_inputs(organisation, templates)  # what build checks before layout (check_buildable)
    warnings = sorted(warnings + _signoff_warnings(directory, organisation))
    roster_summary = None
    if roster_file is not None:
        from .roster import compare_roster

        compared = compare_roster(roster_file, directory, given, org=organisation)
        warnings = sorted(warnings + compared.notes + compared.drift.drifts)
        roster_summary = f"roster: {compared.drift.summary()}"
    if roster_summary and fmt != "json":
        click.echo(roster_summary, err=True)
    if strict and warnings:
        raise UserError(warnings)
    _print_diagnostics(warnings, fmt)
    if fmt != "json":
        files = 1 + len(organisation.roles) + len(organisation.processes) + len(organisation.meetings) + \
            len(organisation.chapters)
        click.echo(summary(warnings, files), err=True)


@main.command()
@DIR_ARG
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              help="text for a terminal, markdown for a report or a pull request, json for tools.")
@click.option("--language", type=click.Choice(LANGUAGES), default=None,
              help="The labels' language (default: handbook.language in org.yaml).")
@debug_option
@click.pass_context
def stats(ctx: click.Context, directory: Path, fmt: str, language: str | None) -> None:
    """Spans of control, layers, managers per employee and vacancy rates of DIR (default: roles/)."""
    from .editions import edition_of
    from .format.loader import load_organisation
    from .tables.structure_report import as_json, as_markdown, as_text, stats_labels
    from .tables.structure_stats import structure_stats

    ctx.meta["jobdesc.format"] = "json" if fmt == "json" else "text"
    organisation, _warnings = load_organisation(directory)
    organisation = edition_of(organisation, language or organisation.language)
    figures = structure_stats(organisation)
    labels = stats_labels(organisation.language)
    click.echo(as_json(figures) if fmt == "json" else as_markdown(figures, labels) if fmt == "markdown"
               else as_text(figures, labels))


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@DIR_ARG
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              help="text for people, json for tools, github for pull-request annotations.")
@click.option("--apply", "apply_changes", is_flag=True,
              help="Write the roster's incumbents and filled into the role files (never budget).")
@click.option("--force", is_flag=True, help="With --apply: write even when DIR has uncommitted changes.")
@COLUMNS_OPTION
@debug_option
@click.pass_context
def roster(ctx: click.Context, file: Path, directory: Path, fmt: str, apply_changes: bool, force: bool,
           columns: str) -> None:
    """Compare a roster from the HR system (xlsx/csv: 飞书, 钉钉, 企业微信, BambooHR, Excel) with DIR."""
    from .roster import compare_roster
    from .roster.report import render

    ctx.meta["jobdesc.format"] = fmt
    compared = compare_roster(file, directory, _roster_columns(columns))
    for line in render(compared, fmt):
        click.echo(line)
    if apply_changes:
        from .roster.writing import apply, require_clean

        if not force:
            require_clean(directory, file)
        applied = apply(compared, directory)
        for line in applied.diff:
            click.echo(line, err=fmt == "json")  # json keeps stdout one document
        for post in applied.over_budget:
            click.echo(f"not applied (over budget; the budget is not the roster's to change): {post}", err=True)
        written = sum(line.startswith("+++ ") for line in applied.diff)
        click.echo(f"applied: {written} role file(s) written" if written else "applied: nothing to write", err=True)
    if fmt != "json":
        click.echo(compared.drift.summary(), err=True)


def _signoff_status(directory: Path, organisation):
    from .signoff import check_signoffs

    return check_signoffs(directory, organisation)


def _signoff_warnings(directory: Path, organisation) -> list:
    return _signoff_status(directory, organisation).diagnostics


@main.group()
def signoff() -> None:
    """Sign-off (签收): who has signed which version of each job description (DIR/signoffs.yaml)."""


@signoff.command("record")
@click.argument("role")
@click.argument("person")
@DIR_ARG
@click.option("--date", "signed", default=None, metavar="YYYY-MM-DD", help="The day signed (default: today).")
@click.option("--version", "version", default=None, metavar="V",
              help="The version signed (default: the job description's current version).")
@click.option("--id", "person_id", default=None, help="The person's id (工号), for two incumbents of one name.")
@debug_option
def signoff_record(role: str, person: str, directory: Path, signed: str | None, version: str | None,
                   person_id: str | None) -> None:
    """Record that PERSON signed the job description of ROLE: one entry appended to signoffs.yaml."""
    from .format.loader import load_organisation
    from .signoff.ledger import record

    organisation, _warnings = load_organisation(directory)
    entry = record(directory, organisation, role, person, person_id, signed, version)
    click.echo(f"recorded: {entry}", err=True)


@signoff.command("status")
@DIR_ARG
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              help="text for people, json for tools, github for a pull request's job summary.")
@debug_option
@click.pass_context
def signoff_status(ctx: click.Context, directory: Path, fmt: str) -> None:
    """Who has signed the current version, an older one, or never: per person and per department."""
    from .format.loader import load_organisation
    from .signoff.report import render

    ctx.meta["jobdesc.format"] = fmt
    organisation, _warnings = load_organisation(directory)
    click.echo(render(_signoff_status(directory, organisation), fmt))


def _roster_columns(option: str) -> dict[str, str]:
    from .roster.columns import parse_columns

    try:
        return parse_columns(option)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--columns") from None


@main.command()
@click.argument("kind", type=click.Choice(["role", "org", "process", "meeting"]), default="role")
@debug_option
def schema(kind: str) -> None:
    """Print the JSON Schema of a role file (or of org.yaml / a process / a meeting)."""
    from .format.json_schema import json_schema

    click.echo(json.dumps(json_schema(kind), ensure_ascii=False, indent=2))


@main.command()
@DIR_ARG
@click.option("-o", "--output", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("build"),
              show_default=True, help="Where to write the documents.")
@click.option("--only", default="", metavar="PARTS",
              help="Comma-separated parts to build: jd,orgchart,raci,authority,staffing,levels,site,handbook,"
                   "paybands (default: all).")
@TEMPLATES_OPTION
@click.option("--paper", type=click.Choice(["A4", "A3"], case_sensitive=False), default="A3",
              show_default=True, help="Paper size of the org chart (landscape).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--language", type=click.Choice(LANGUAGES), default=None,
              help="The edition to build: labels in that language, content in its script "
                   "(default: handbook.language in org.yaml).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Keep the build cache in this folder (empty, or a jobdesc cache) instead of "
                   "~/.cache/jobdesc/builds/, e.g. one cache for the editions built into several folders.")
@click.option("--word-page-numbers/--no-word-page-numbers", default=False,
              help="Have LibreOffice (when installed) lay out handbook.docx and write the page numbers of "
                   "its contents and index. By default (and without LibreOffice) the fields are marked for "
                   "update, so Word or WPS fills them in when the file is opened.")
@click.option("--confidential", is_flag=True,
              help="Also write OUT/confidential/pay-bands.xlsx and .pdf from the levels' pay bands "
                   "(never written otherwise; keep that folder out of what you publish).")
@debug_option
def build(directory: Path, out: Path, only: str, templates: Path | None, paper: str, jobs: int | None,
          strict: bool, language: str | None, cache_dir: Path | None, word_page_numbers: bool,
          confidential: bool) -> None:
    """Validate, then build every document into OUT (default: build/)."""
    from .build import BuildOptions, run_build, parse_parts
    from .determinism import build_epoch
    from .editions import edition_of
    from .environment import output_folder_problem
    from .format.loader import load_organisation

    parts = parse_parts(only)
    organisation, warnings = load_organisation(directory)
    signoff = _signoff_status(directory, organisation)
    warnings = sorted(warnings + signoff.diagnostics)
    if strict and warnings:
        raise UserError(warnings)
    organisation = edition_of(organisation, language or organisation.language)
    build_epoch()  # a SOURCE_DATE_EPOCH that is not a date stops the build before any work
    problem = output_folder_problem(out)
    if problem is not None:
        raise problem
    for line in as_text(warnings):
        click.echo(line, err=True)
    from .progress import Progress

    options = BuildOptions(parts=parts, templates=templates, paper=paper.upper(), jobs=jobs, cache=cache_dir,
                           word_page_numbers=word_page_numbers, signoff=signoff, confidential=confidential)
    try:
        written = run_build(organisation, out, options, Progress())
    except OSError as exc:
        if exc.filename is None:  # a write deep in a library: the folder is what the user can act on
            exc.filename = str(out)
        raise
    click.echo(f"built {len(written)} files into {out}", err=True)


@main.command()
@DIR_ARG
@click.option("-o", "--output", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("build"),
              show_default=True, help="The build folder; the site is built into OUT/site.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (the default is reachable from this machine only).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
              help="The port (0: any free port).")
@TEMPLATES_OPTION
@debug_option
def serve(directory: Path, out: Path, host: str, port: int, templates: Path | None) -> None:
    """Preview the handbook website: build it, serve it and rebuild it when a file is saved."""
    from .build import BuildOptions, run_build
    from .environment import output_folder_problem
    from .format.loader import load_organisation
    from .format.collector import keep_loaded_frozen
    from .serve import serve as run_server
    from .templating import TemplateSet

    keep_loaded_frozen(False)  # it loads again on every save: nothing loaded may stay frozen
    problem = output_folder_problem(out)
    if problem is not None:
        raise problem
    if not directory.is_dir():
        raise click.BadParameter(f"{directory} is not a folder", param_hint="DIRECTORY")
    options = BuildOptions(parts=("site",), templates=templates, jobs=1)

    def build() -> None:
        organisation, _warnings = load_organisation(directory)
        run_build(organisation, out, options)

    watched = [directory, *TemplateSet.for_organisation(directory, templates).folders[:-1]]
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: other machines may read the handbook", err=True)
    run_server(out / "site", watched, build, host, port, lambda line: click.echo(line, err=True))


def _author(value: str) -> str:
    """A name Word can show: printable, one line, at most 255 characters (Word's limit)."""
    if not value.strip() or len(value) > 255 or not value.isprintable():
        raise click.BadParameter("give a name of 1 to 255 printable characters, on one line")
    return value


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "github"]), default="text",
              help="text for a terminal, markdown, github for a pull request's job summary, json for tools.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Also write changes.pdf and jd-changes/ROLE_ID.docx (tracked changes) into OUT.")
@click.option("--author", default="jobdesc diff", show_default=True, callback=lambda _c, _p, v: _author(v),
              help="The author of the tracked changes in jd-changes/*.docx.")
@debug_option
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, fmt: str, out: Path | None, author: str) -> None:
    """What changed between two versions of an organisation (either may be REV:PATH, e.g. main:roles)."""
    from .diff import compare_versions
    from .diff.formats import render

    ctx.meta["jobdesc.format"] = "json" if fmt == "json" else "text"
    comparison = compare_versions(old, new)
    if out is not None:
        from .diff.outputs import write_outputs
        from .templating import BUILTIN_TEMPLATES, TemplateSet

        # The user's templates/ beside NEW when NEW is a folder; for a revision, the built-in ones.
        templates = (TemplateSet.for_organisation(comparison.new_folder) if comparison.new_folder
                     else TemplateSet((BUILTIN_TEMPLATES.resolve(),)))
        written = write_outputs(comparison.changes, comparison.old, comparison.new, out, templates, author,
                                comparison.new_committed)
        click.echo(f"wrote {len(written)} files into {out}", err=True)
    color = fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    click.echo(render(comparison.changes, fmt, color=color), color=color)


@main.command("import", context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                          "help_option_names": []})
@click.pass_context
def import_(ctx: click.Context) -> None:
    """Draft an organisation directory from existing job descriptions (.docx, .txt, .md)."""
    # The importer (pypinyin, OpenCC, python-docx) is loaded only when it is used, so
    # `check` and `build` start faster; its own command parses the arguments, all but
    # --debug, which every command takes.
    from .importer import import_command

    args = [arg for arg in ctx.args if arg != "--debug"]
    if len(args) != len(ctx.args):
        ctx.meta["jobdesc.debug"] = True
    import_command.main(args=args, prog_name=f"{ctx.find_root().info_name} import",
                        standalone_mode=False, obj=ctx.obj)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
