"""The README's examples are exercised: what it shows is what the product does."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def _console_examples() -> list[tuple[str, str | None, list[str]]]:
    """(command, stdin, shown output lines) for every ``$ …`` line of the console blocks."""
    examples = []
    for block in _blocks("console"):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("$ ") or line.startswith("$ echo $?"):
                continue
            command = line[2:]
            shown = []
            for out in lines[i + 1:]:
                if out.startswith("$ "):
                    break
                shown.append(out)
            stdin = None
            m = re.match(r'echo "(.*)" \| (.*)', command)
            if m:
                stdin, command = m.group(1) + "\n", m.group(2)
            examples.append((command, stdin, shown))
    return examples


def test_two_setup_commands():
    setup = _blocks("sh")[0]
    assert [line.split("#")[0].strip() for line in setup.strip().splitlines()] == ["make run", "make test"]


@pytest.mark.parametrize("command,stdin,shown", _console_examples(), ids=lambda v: str(v)[:40])
def test_console_examples_print_what_the_readme_shows(command, stdin, shown):
    args = command.split()
    assert args[0] == "crisis-desk"
    proc = subprocess.run([sys.executable, "-m", "assistant", *args[1:]], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    out_lines = proc.stdout.splitlines()
    for line in shown:
        if "…" in line and not line.strip().startswith(("1/", "2/")):
            # an elided line: its text before the ellipsis must still be there
            prefix = line.split("…")[0].rstrip()
            if prefix:
                assert any(o.startswith(prefix) for o in out_lines), prefix
            continue
        if line.strip() in ("", "…"):
            continue
        assert line in out_lines, f"README shows a line the command does not print: {line!r}"


def test_python_example_runs():
    (code,) = _blocks("python")
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    d = namespace["d"]
    assert d.backend == "offline" and d.posts and d.posts[0].startswith("1/")
    assert namespace["scan"]("Chúng tôi cam kết hoàn tiền 100% cho tất cả.", brief=namespace["brief"]).needs_review == ["lawyer"]


def test_configuration_table_names_every_variable_the_code_reads():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "assistant").rglob("*.py"))
    used = set(re.findall(r"\b(CRISIS_DESK_[A-Z_]+|OPENAI_[A-Z_]+)\b", code)) - {"CRISIS_DESK_TEST_PG"}
    missing = {v for v in used if f"`{v}`" not in README}
    assert not missing, f"README configuration table lacks {sorted(missing)}"
