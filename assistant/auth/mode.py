"""Solo or team mode, and where the server may listen.

Solo (the default): one local owner, no login, and the server must listen on a loopback
address only. Team (``CRISIS_DESK_MODE=team``): accounts and roles; the only mode allowed
on any other address (behind a reverse proxy with TLS).
"""

from __future__ import annotations

import ipaddress
import os

from assistant.errors import ConfigError

MODE_ENV = "CRISIS_DESK_MODE"
MODES = ("solo", "team")
SOLO_IDENTITY = "owner@localhost"  # who acts in solo mode: the one local owner


def current_mode(environ=None) -> str:
    value = ((os.environ if environ is None else environ).get(MODE_ENV) or "solo").strip().lower()
    if value not in MODES:
        raise ConfigError(f"{MODE_ENV}={value}: must be solo or team")
    return value


def is_loopback(address: str | None) -> bool:
    """``127.0.0.1``, ``::1``, ``localhost`` (an empty address means every interface)."""
    host = (address or "").strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_address(mode: str, address: str | None) -> None:
    """A ConfigError, saying who must act, when solo mode would listen beyond this machine."""
    if mode == "solo" and not is_loopback(address):
        shown = address or "every interface (0.0.0.0)"
        raise ConfigError(
            f"solo mode listens only on this machine, but the server address is {shown}: "
            f"the operator must either run it on 127.0.0.1 (make run) or set {MODE_ENV}=team "
            "and add accounts (crisis-desk user add EMAIL --role owner)")


if __name__ == "__main__":  # `python -m assistant.auth.mode ADDRESS`: the Makefile's check before serving
    import sys

    try:
        check_address(current_mode(), sys.argv[1] if len(sys.argv) > 1 else "")
    except ConfigError as exc:
        print(f"crisis-desk: {exc.message}", file=sys.stderr)
        raise SystemExit(2) from None
