"""A list field of the brief as rows: each item a multi-line text box (a long fact is shown
whole, not cut to one line of a grid cell), with add, remove, up and down. A row operation
is one rerun: its button's callback rearranges the rows before the page is drawn again.

Rows live in the session under ``{key}:rows``; the widgets' keys carry a generation that
changes with every operation, so a moved row's box shows the moved text.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assistant.ui.i18n import t


def _widget(key: str, ver: int, i: int, part: str) -> str:
    return f"{key}:{ver}:{i}:{part}"


def _current(key: str, parts: tuple[str, ...]) -> list[Any]:
    """The rows as typed so far (each widget's latest value)."""
    rows, ver = st.session_state[f"{key}:rows"], st.session_state.get(f"{key}:ver", 0)
    out = []
    for i, row in enumerate(rows):
        values = {p: st.session_state.get(_widget(key, ver, i, p), row[p] if isinstance(row, dict) else row) for p in parts}
        out.append(values if len(parts) > 1 else values[parts[0]])
    return out


def _apply(key: str, parts: tuple[str, ...], op: str, i: int) -> None:
    rows = _current(key, parts)
    if op == "add":
        rows.append({p: "" for p in parts} if len(parts) > 1 else "")
    elif op == "remove":
        del rows[i]
    elif op == "up" and i > 0:
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif op == "down" and i < len(rows) - 1:
        rows[i + 1], rows[i] = rows[i], rows[i + 1]
    st.session_state[f"{key}:rows"] = rows
    st.session_state[f"{key}:ver"] = st.session_state.get(f"{key}:ver", 0) + 1


def list_rows(key: str, label: str, initial: list[Any], lang: str, parts: tuple[str, ...] = ("item",),
              part_labels: dict[str, str] | None = None) -> list[Any]:
    """Draw the rows of one list field; the values as typed (strings, or dicts of ``parts``)."""
    if f"{key}:rows" not in st.session_state:
        st.session_state[f"{key}:rows"] = [dict(r) if isinstance(r, dict) else r for r in initial]
    rows, ver = st.session_state[f"{key}:rows"], st.session_state.get(f"{key}:ver", 0)
    st.markdown(f"**{label}**" if label else "")
    values = []
    for i, row in enumerate(rows):
        cols = st.columns([14, 1, 1, 1], vertical_alignment="center")
        value = {}
        for p in parts:
            text = row[p] if isinstance(row, dict) else row
            box_label = (part_labels or {}).get(p) or t("brief.row_label", lang, n=i + 1)
            if p == parts[0]:
                value[p] = cols[0].text_area(box_label, value=text, key=_widget(key, ver, i, p), height=68,
                                             label_visibility="collapsed" if len(parts) == 1 else "visible")
            else:
                value[p] = cols[0].text_input(box_label, value=text, key=_widget(key, ver, i, p))
        for col, op, icon in ((cols[1], "up", ":material/arrow_upward:"), (cols[2], "down", ":material/arrow_downward:"),
                              (cols[3], "remove", ":material/delete:")):
            col.button("", icon=icon, key=f"{key}:{ver}:{i}:{op}", help=t(f"brief.row_{op}", lang),
                       disabled=(op == "up" and i == 0) or (op == "down" and i == len(rows) - 1),
                       on_click=_apply, args=(key, parts, op, i))
        values.append(value if len(parts) > 1 else value[parts[0]])
    st.button(t("brief.row_add", lang), key=f"{key}:{ver}:add", icon=":material/add:", on_click=_apply, args=(key, parts, "add", -1))
    return values
