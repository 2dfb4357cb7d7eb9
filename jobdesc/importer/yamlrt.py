"""Round-trip YAML: edit a role file and keep everything else in it as the person wrote it.

ruamel.yaml's round trip keeps comments, key order, quoting and flow lists; the file's own
indentation is found first and used again, and long lines are never folded, so a file that
is loaded and dumped unchanged comes back byte for byte (tests/test_import_roundtrip.py).
"""
from __future__ import annotations

import io
import os
from pathlib import Path



def round_trip_yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long duty onto a second line
    # `reports_to: null` stays null (ruamel's round trip would write an empty value).
    yaml.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def load(text: str):
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, block_indent = load_yaml_guess_indent(text)
    yaml = round_trip_yaml()
    # The file's own indentation ("duties:\n  - text:" is sequence 4, offset 2).
    yaml.indent(mapping=max(indent - (block_indent or 0), 2) if block_indent else indent,
                sequence=indent, offset=block_indent or 0)
    return yaml, yaml.load(text)


def dump(yaml, document) -> str:
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def read_lf(path: Path) -> str:
    """A role file's text as ruamel reads it: no BOM, every line ending "\n" (written back in
    the file's own style by `write_all_checked`)."""
    from ..format.yaml_reader import decode_text

    return decode_text(path, path.read_bytes()).replace("\r\n", "\n")


def write_checked(path: Path, old: str, new: str, into: Path) -> dict[Path, bytes]:
    return write_all_checked({path: (old, new)}, into)


def write_all_checked(files: dict[Path, tuple[str, str]], into: Path) -> dict[Path, bytes]:
    """Write the new texts ("\n" line ends) when the directory passes check with them.

    The directory is checked first with the new texts in place of the files' (the loader's
    parse hook), so a refused edit touches no file at all. Each file is then replaced
    atomically, through a symbolic link (its target, inside `into`, is what is written: the
    link stays a link), with its own line ends (CRLF stays CRLF), byte-order mark and mode.
    Returns each written file's former bytes, for `restore`."""
    from .. import userfiles
    from ..format.loader import load_organisation

    targets = {Path(userfiles.confined(path, into)): new for path, (_, new) in files.items()}
    load_organisation(into, overlaid(targets))  # a UserError here: refused, nothing written
    written: dict[Path, bytes] = {}
    try:
        for real, new in targets.items():
            raw = real.read_bytes()
            _replace(real, _encoded(new, raw))
            written[real] = raw
    except BaseException:
        restore(written)
        raise
    return written


def overlaid(texts: dict[Path, str]):
    """A loader `parse` that reads the given files (by real path) with these texts instead."""
    from ..format.yaml_reader import load_yaml

    def parse(path: Path, text: str):
        real = Path(os.path.realpath(path))
        return load_yaml(path, texts[real] if real in texts else text)

    return parse


def _encoded(text: str, former: bytes) -> bytes:
    """`text` in the line ends and byte-order mark of the file's former bytes."""
    if b"\r\n" in former and former.count(b"\r\n") == former.count(b"\n"):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if former.startswith(b"\xef\xbb\xbf") else data


def _replace(real: Path, data: bytes) -> None:
    temporary = real.with_name(f".{real.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.chmod(temporary, real.stat().st_mode & 0o7777)
        os.replace(temporary, real)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def restore(written: dict[Path, bytes]) -> None:
    """Put back the bytes `write_all_checked` replaced."""
    for real, raw in written.items():
        _replace(real, raw)
