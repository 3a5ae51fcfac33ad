"""Every load problem exits 2 on the CLI with a message naming the file, the line or the
limit — never a traceback (deep nesting, a duplicate key, a huge field or file, an unclosed
quote in a comments CSV, a statement past the scanner's ceiling)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "brief.en.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, text, expected", [
    ("deep", "a:\n" + "".join("  " * i + f" k{i}:\n" for i in range(1, 200)), "nested deeper than 12 levels"),
    ("flow", "a: " + "[" * 50_000 + "]" * 50_000, "nested deeper than 12 levels"),
    ("huge", EXAMPLE + "\n# " + "x" * 300_000 + "\n", "the limit is 200,000 bytes"),
    ("duplicate", EXAMPLE + "\nconfirmed_facts:\n  - again\n", "'confirmed_facts' is written twice (lines"),
    ("long_field", EXAMPLE.replace("  title:", "  title: " + "x" * 6000 + "\n  x_title:", 1), "the limit is 5,000 per field"),
    ("alias", "a: &x [1]\nb: *x\n", "aliases (*name) are not accepted"),
    ("control", EXAMPLE + "\x1f", "U+001F"),
])
def test_a_bad_brief_exits_2_naming_the_problem(tmp_path, capsys, name, text, expected):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["draft", "--brief", str(path), "--kind", "holding", "--channel", "x", "--backend", "offline"]) == 2
    err = capsys.readouterr().err
    assert expected in err and str(path) in err and "Traceback" not in err


def test_a_comments_csv_with_an_unclosed_quote_exits_2_naming_its_line(tmp_path, capsys):
    brief = ROOT / "examples" / "brief.en.yaml"
    statement = tmp_path / "s.txt"
    statement.write_text("We are checking the reports and will update you by 8 pm.", encoding="utf-8")
    comments = tmp_path / "c.csv"
    comments.write_text('author,message\nann,"is it safe?\nbob,refund please\ncat,when?\n', encoding="utf-8")
    code = main(["replies", "--brief", str(brief), "--statement", str(statement), "--comments", str(comments),
                 "--backend", "offline", "--out", str(tmp_path / "out.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "line 2" in err and "never closed" in err


def test_a_statement_past_the_scanner_ceiling_exits_2_naming_the_limit(tmp_path, capsys):
    from guardrails import MAX_SCAN_CHARS

    path = tmp_path / "big.txt"
    path.write_text("We are sorry. " * (MAX_SCAN_CHARS // 10), encoding="utf-8")
    assert main(["scan", str(path)]) == 2
    assert f"{MAX_SCAN_CHARS:,}" in capsys.readouterr().err
