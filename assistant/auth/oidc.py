"""OpenID Connect through Streamlit's ``st.login``: is it configured, and who is this?

Streamlit reads the provider from the ``[auth]`` table of ``.streamlit/secrets.toml``
(``redirect_uri``, ``cookie_secret``, ``client_id``, ``client_secret``,
``server_metadata_url``) and needs Authlib installed (``pip install 'crisis-desk[oidc]'``).
The identity provider proves an e-mail address; the account and its roles are ours: an
address with no account here gets no access.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any

REQUIRED = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


def config_problems(secrets: Mapping[str, Any]) -> list[str]:
    """What is missing for ``st.login`` (empty: ready). No ``[auth]`` table: not used."""
    auth = secrets.get("auth") if secrets else None
    if not auth:
        return ["no [auth] table in .streamlit/secrets.toml"]
    problems = [f"[auth] {name} is missing" for name in REQUIRED if not str(auth.get(name) or "").strip()]
    url = str(auth.get("server_metadata_url") or "")
    if url and not url.endswith("/.well-known/openid-configuration"):
        problems.append("[auth] server_metadata_url must end with /.well-known/openid-configuration")
    if len(str(auth.get("cookie_secret") or "")) < 32:
        problems.append("[auth] cookie_secret must be a random string of at least 32 characters")
    if importlib.util.find_spec("authlib") is None:
        problems.append("Authlib is not installed: pip install 'crisis-desk[oidc]'")
    return problems


def configured(secrets: Mapping[str, Any]) -> bool:
    return not config_problems(secrets)


def email_from_claims(claims: Mapping[str, Any]) -> str | None:
    """The verified e-mail of an ID token's claims (``st.user``), lower case; None when the
    provider gives none or says it is not verified."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email or claims.get("email_verified") is False:
        return None
    return email


def account_for(store, claims: Mapping[str, Any]):
    """The UserRecord of the person the provider signed in, or None (no access)."""
    email = email_from_claims(claims)
    return store.get_user(email) if email else None
