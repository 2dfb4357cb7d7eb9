"""The build graph as a Mermaid diagram, made from the declared outputs.

    python -m jobdesc.build.diagram            print it
    python -m jobdesc.build.diagram --write    refresh the picture in docs/architecture.md

The picture in docs/architecture.md sits between two marker comments; a test fails when
it differs from what this prints, so the documentation cannot drift from the code.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from ..build_graph import Output
from ..outputs import OUTPUTS

DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "architecture.md"
BEGIN = "<!-- build-graph: made by `python -m jobdesc.build.diagram --write`; do not edit -->"
END = "<!-- end of build-graph -->"


def mermaid(outputs: Sequence[Output] = OUTPUTS) -> str:
    """One box per output (its name and files); inside, one node per product its steps
    give; an arrow from each product a step needs to the product it gives."""
    lines = ["flowchart LR"]
    for output in outputs:
        lines.append(f'  subgraph {output.name}_output["{output.name}: {output.summary}"]')
        for step in output.steps:
            how = " (one worker)" if step.heavy else ""
            lines.append(f'    {step.gives.name}["{step.gives.name}{how}"]')
            for early in step.gives_early:
                lines.append(f'    {early.name}(["{early.name} (early)"])')
        lines.append("  end")
    for output in outputs:
        for step in output.steps:
            lines += [f"  {need.name} --> {step.gives.name}" for need in step.needs]
    return "\n".join(lines) + "\n"


def block(outputs: Sequence[Output] = OUTPUTS) -> str:
    return f"{BEGIN}\n```mermaid\n{mermaid(outputs)}```\n{END}"


def committed(doc: Path = DOC) -> str:
    text = doc.read_text("utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[start:end]


def write(doc: Path = DOC) -> None:
    text = doc.read_text("utf-8")
    doc.write_text(text.replace(committed(doc), block()), "utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
    else:
        sys.stdout.write(mermaid())
