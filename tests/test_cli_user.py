"""`crisis-desk user add|list|remove|password`: accounts from the command line; a password
is read from stdin or asked without echo, never printed; bad input exits 2 with a message."""

from __future__ import annotations

import io

import pytest

from assistant.cli import main
from assistant.store import open_store

PASSWORD = "a long pass phrase 42"


def test_add_list_and_remove(tmp_db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "Lan@Firm.vn", "--role", "lawyer", "--password-stdin"]) == 0
    assert main(["user", "add", "minh@brand.vn", "--role", "pr_lead", "--name", "Minh"]) == 0
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err
    assert "lan@firm.vn: lawyer on every incident (password set)" in err
    assert main(["user", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["lan@firm.vn\t-\tpassword\tlawyer@*", "minh@brand.vn\tMinh\tno password\tpr_lead@*"]
    store = open_store(tmp_db)
    assert store.password_hash("lan@firm.vn").startswith("$argon2id$")
    assert main(["user", "remove", "minh@brand.vn"]) == 0
    assert [u.email for u in store.list_users()] == ["lan@firm.vn"]
    assert {e.actor for e in store.audit_log() if e.action.startswith("user.")} == {e.actor for e in store.audit_log()
                                                                                    if e.action == "user.add"}


def test_a_role_on_one_incident(tmp_db, brief_en, capsys):
    store = open_store(tmp_db)
    incident = store.create_incident(brief_en, author="Linh")
    assert main(["user", "add", "lan@firm.vn", "--role", "lawyer", "--incident", str(incident.id)]) == 0
    assert store.get_user("lan@firm.vn").roles_on(incident.id) == {"lawyer"}
    assert main(["user", "remove", "lan@firm.vn", "--role", "lawyer", "--incident", str(incident.id)]) == 0
    assert store.get_user("lan@firm.vn").roles_on(incident.id) == set()


def test_password_is_asked_twice_without_echo(tmp_db, capsys, monkeypatch):
    assert main(["user", "add", "lan@firm.vn", "--role", "lawyer"]) == 0
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "password", "lan@firm.vn"]) == 0
    answers = iter([PASSWORD, "something else entirely"])
    assert main(["user", "password", "lan@firm.vn"]) == 2
    assert "the two entries differ" in capsys.readouterr().err


@pytest.mark.parametrize("argv, stdin, message", [
    (["user", "add", "not-an-address", "--role", "lawyer"], "", "must be an e-mail address"),
    (["user", "add", "lan@firm.vn", "--role", "lawyer", "--incident", "99"], "", "incident 99 does not exist"),
    (["user", "add", "lan@firm.vn", "--role", "lawyer", "--password-stdin"], "short\n", "at least 10 characters"),
    (["user", "remove", "nobody@firm.vn"], "", "there is no account nobody@firm.vn"),
    (["user", "password", "nobody@firm.vn", "--password-stdin"], PASSWORD + "\n", "there is no account"),
])
def test_bad_input_exits_2_with_a_message(tmp_db, capsys, monkeypatch, argv, stdin, message):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert open_store(tmp_db).get_user("lan@firm.vn") is None
