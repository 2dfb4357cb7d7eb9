"""Edit .docx files in LibreOffice itself (python-uno), as a person would, and save them as .docx.

Run with the system's python3 (Debian's python3-uno is not in a venv):

    /usr/bin/python3 tests/lo_edit.py JOBS.json

JOBS.json is a list of {"in": path, "out": path, "record": bool, "ops": [...]}; each op is
  ["replace", old, new]          the first occurrence of `old` typed over with `new`
  ["append_after", anchor, text] Enter at the end of the paragraph holding `anchor`, then `text`
  ["delete_paragraph", anchor]   the paragraph holding `anchor` selected whole and deleted
  ["accept_all"] / ["reject_all"] Edit › Track Changes › Accept All / Reject All
With "text": true the result is saved as UTF-8 text instead of .docx. With "record" the edits are made with Edit › Track Changes › Record on. One LibreOffice
process (its own profile, headless) does every job; the script exits non-zero on any failure.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

import uno  # noqa: F401 - from python3-uno
from com.sun.star.beans import PropertyValue  # type: ignore


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.5)
    raise SystemExit("LibreOffice did not start")


def find(document, text):
    search = document.createSearchDescriptor()
    search.SearchString = text
    found = document.findFirst(search)
    if found is None:
        raise SystemExit(f"not found: {text}")
    return found


def run_op(document, op, context=None):
    kind = op[0]
    if kind in ("accept_all", "reject_all"):
        dispatcher = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        command = ".uno:AcceptAllTrackedChanges" if kind == "accept_all" else ".uno:RejectAllTrackedChanges"
        dispatcher.executeDispatch(document.getCurrentController().getFrame(), command, "", 0, ())
    elif kind == "replace":
        found = find(document, op[1])
        found.setString(op[2])
    elif kind == "append_after":
        found = find(document, op[1])
        cursor = found.getText().createTextCursorByRange(found.getEnd())
        cursor.gotoEndOfParagraph(False)
        cursor.getText().insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
        cursor.getText().insertString(cursor, op[2], False)
    elif kind == "delete_paragraph":
        found = find(document, op[1])
        cursor = found.getText().createTextCursorByRange(found.getStart())
        cursor.gotoStartOfParagraph(False)
        cursor.gotoNextParagraph(True)  # the paragraph and its mark
        cursor.setString("")
    else:
        raise SystemExit(f"unknown op {kind}")


def main(jobs_path: str) -> None:
    jobs = json.load(open(jobs_path, encoding="utf-8"))
    pipe = f"jobdesc_lo_{os.getpid()}"
    profile = tempfile.mkdtemp(prefix="jobdesc-lo-profile-")
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                               f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        context = connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        for job in jobs:
            url = uno.systemPathToFileUrl(os.path.abspath(job["in"]))
            document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            document.RecordChanges = bool(job.get("record"))
            for op in job["ops"]:
                run_op(document, op, context)
            out = uno.systemPathToFileUrl(os.path.abspath(job["out"]))
            store = ((prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")) if job.get("text")
                     else (prop("FilterName", "MS Word 2007 XML"),))
            document.storeToURL(out, (*store, prop("Overwrite", True)))
            document.close(True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the bridge goes away as it quits
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1])
