"""A file uploader that speaks the UI language: Streamlit's own drop-zone text ("Drag and
drop file here", "Limit 5MB per file") cannot be translated, so it is hidden and a caption
in the UI language says what to do and the limits (upload size from ``server.maxUploadSize``,
and the file's own limit when there is one). The button's own word comes from the browser."""

from __future__ import annotations

import streamlit as st

from assistant.ui.i18n import t

_HIDE_CHROME = ("<style>[data-testid='stFileUploaderDropzoneInstructions'] > div > span,"
                "[data-testid='stFileUploaderDropzoneInstructions'] > div > small {display: none;}</style>")


def file_uploader(label: str, types: list[str], key: str, lang: str, limit_mb: float | None = None):
    """``st.file_uploader`` with the hint and limit in ``lang``."""
    upload_mb = float(st.get_option("server.maxUploadSize") or 200)
    limit = min(upload_mb, limit_mb) if limit_mb else upload_mb
    st.html(_HIDE_CHROME)
    file = st.file_uploader(label, type=types, key=key)
    st.caption(t("upload.hint", lang, types=", ".join(x.upper() for x in types), limit=f"{limit:g}"))
    return file
