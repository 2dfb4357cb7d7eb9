"""LibreOffice kept running for one build, asked for the pages of .docx files over UNO.

Run by docx_office.py, not imported by jobdesc: it needs LibreOffice's `uno` module, which
lives with the Python LibreOffice was built for (Debian's python3-uno, or the `python` in
LibreOffice's program folder), not in jobdesc's environment. Standard library and `uno` only.

    PYTHON office_helper.py SOFFICE PROFILE_URL PIPE_NAME

It starts `soffice --headless` with the private profile PROFILE_URL, listening on the named
pipe PIPE_NAME only (a Unix socket its owner alone may connect to), and answers one JSON
line per request line on stdin: a request is the path of a .docx; the answer is
{"pages": {bookmark: 1-based page}, "count": pages} or {"error": why}. The first line out
is {"ready": true} once LibreOffice answers, or {"error": ...} ({"error": "no uno"} when
this Python has no `uno`: the caller tries another way). stdin closed: LibreOffice is
ended. The caller runs this in a process group of its own and kills the group on a timeout.

Why not PDF export, as `soffice --convert-to pdf` does: the pages are read from the layout
itself (the view cursor on each bookmark), which costs a tenth of exporting the pages as a
PDF; and starting LibreOffice once per build instead of once per file saves ~1 s of CPU per
layout run (most of what a one-role rebuild paid for its page numbers).
"""
import json
import os
import subprocess
import sys
import time

STARTUP_SECONDS = 120


def answer(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def connect(soffice, profile_url, pipe_name):
    import uno
    office = subprocess.Popen(
        [soffice, "-env:UserInstallation=" + profile_url, "--headless", "--invisible", "--norestore",
         "--nolockcheck", "--nologo", "--nodefault", "--accept=pipe,name=%s;urp;" % pipe_name],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe_name)
            break
        except Exception:  # noqa: BLE001  # not listening yet (NoConnectException)
            if office.poll() is not None:
                raise RuntimeError("LibreOffice exited with code %s before it answered" % office.returncode)
            if time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not answer in %d s" % STARTUP_SECONDS)
            time.sleep(0.05)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return office, desktop


def properties(**values):
    from com.sun.star.beans import PropertyValue
    found = []
    for name, value in values.items():
        item = PropertyValue()
        item.Name, item.Value = name, value
        found.append(item)
    return tuple(found)


def pages_of(desktop, path):
    import uno
    # Hidden, read-only, no macros run (MacroExecutionMode NEVER_EXECUTE = 0) and no links
    # updated (UpdateDocMode NO_UPDATE = 0): it is our own file, laid out and closed.
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                            properties(Hidden=True, ReadOnly=True, MacroExecutionMode=0,
                                                       UpdateDocMode=0))
    if document is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        cursor = document.getCurrentController().getViewCursor()
        marks = document.getBookmarks()
        pages = {}
        for name in marks.getElementNames():
            cursor.gotoRange(marks.getByName(name).getAnchor().getStart(), False)
            pages[name] = cursor.getPage()
        cursor.jumpToLastPage()
        return {"pages": pages, "count": cursor.getPage()}
    finally:
        document.close(True)


def main():
    soffice, profile_url, pipe_name = sys.argv[1:4]
    os.umask(0o077)  # LibreOffice's pipe (a Unix socket in /tmp), its profile: for their owner alone
    try:
        import uno  # noqa: F401
    except ImportError:
        answer({"error": "no uno"})
        return 3
    try:
        office, desktop = connect(soffice, profile_url, pipe_name)
    except Exception as error:  # noqa: BLE001  # said to the caller, which falls back to dirty fields
        answer({"error": str(error)})
        return 1
    answer({"ready": True})
    try:
        for line in sys.stdin:
            try:
                answer(pages_of(desktop, line.rstrip("\n")))
            except Exception as error:  # noqa: BLE001
                answer({"error": "%s: %s" % (type(error).__name__, error)})
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001  # the bridge is gone when LibreOffice already ended
            pass
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
