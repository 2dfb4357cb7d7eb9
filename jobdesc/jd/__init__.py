"""The job description (岗位说明书): one per position, as PDF and Word.

* `context`  – turns one role of the validated Organisation into plain view data,
* `diagram`  – the small reporting-line SVG,
* `html`     – Jinja2 HTML for WeasyPrint (PDF),
* `docx_*`   – fills the user's Word template,
* `workers`  – renders many roles over worker processes.

`jobdesc.outputs.jd` wires them into the build.
"""
