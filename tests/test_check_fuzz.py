"""Property: whatever bytes a user commits, `check` ends with exit 0 or 1 and located
one-line messages: never a traceback, a hang, or more than a few seconds.
(tests/test_check_messages_fuzz.py puts mistakes into well-formed files instead.)"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobdesc.errors import UserError
from jobdesc.format.loader import load_organisation
from message_checks import problems_with
from time_limits import child_cpu_seconds, cpu_limit

REPO = Path(__file__).resolve().parent.parent
SEED_FILES = {
    "org.yaml": (REPO / "tests/bad/many-errors/org.yaml").read_text("utf-8"),
    "manager.yaml": (REPO / "tests/bad/many-errors/manager.yaml").read_text("utf-8"),
    "processes/contract.yaml": (REPO / "tests/bad/many-errors/processes/contract.yaml").read_text("utf-8"),
}
YAML_NOISE = ["[", "]", "{", "}", ":", "- ", "&a ", "*a", "!!str ", "? ", "|", ">", "'", '"', "\t", "\n",
              "  ", "null", "~", "---\n", "...", "%YAML 1.1\n", "\ufeff", "\x00", "\x85", "销售", "𠀀", "#"]

mutation = st.tuples(st.sampled_from(sorted(SEED_FILES)), st.integers(0, 10_000),
                     st.integers(0, 20), st.sampled_from(YAML_NOISE) | st.text(max_size=8))


def _check(root: Path) -> None:
    try:
        with cpu_limit(10):  # CPU time, not the wall clock: a busy machine does not fail it
            load_organisation(root)
    except UserError as exc:
        assert exc.diagnostics
        assert problems_with(exc.diagnostics, root) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_yaml_gives_located_errors(tmp_path_factory, mutations):
    root = tmp_path_factory.mktemp("org")
    files = dict(SEED_FILES)
    for name, position, delete, insert in mutations:
        text = files[name]
        at = position % (len(text) + 1)
        files[name] = text[:at] + insert + text[at + delete:]
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8", errors="surrogatepass")
    _check(root)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.binary(max_size=400) | st.text(max_size=400))
def test_random_bytes_give_located_errors(tmp_path_factory, payload):
    root = tmp_path_factory.mktemp("org")
    (root / "org.yaml").write_text(SEED_FILES["org.yaml"], "utf-8")
    target = root / "role.yaml"
    target.write_bytes(payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass"))
    _check(root)


def test_hostile_documents_end_fast_through_the_real_cli(tmp_path):
    hostile = {
        "deep.yaml": "a: " + "[" * 20000 + "]" * 20000 + "\n",
        "laughs.yaml": "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n",
        "long.yaml": "title: " + "长" * 200_000 + "\n",
        "keys.yaml": "".join(f"k{i}: v\n" for i in range(20000)),
    }
    (tmp_path / "org.yaml").write_text(SEED_FILES["org.yaml"], "utf-8")
    for name, text in hostile.items():
        (tmp_path / name).write_text(text, "utf-8")
    proc, cpu_seconds = child_cpu_seconds(lambda: subprocess.run(
        [sys.executable, "-m", "jobdesc", "check", str(tmp_path)], capture_output=True, text=True, timeout=120))
    assert cpu_seconds < 20
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    for name in hostile:
        assert f"{name}:" in proc.stdout, (name, proc.stdout[:2000])
