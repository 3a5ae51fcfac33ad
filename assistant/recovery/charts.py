"""The review's charts: the data the UI draws with Streamlit's native charts, and PNG
images (matplotlib, Agg, imported only when a report is built) for Word and PDF."""

from __future__ import annotations

import io

from assistant.recovery.facts import ReviewFacts
from assistant.recovery.trust import TrustWeek


def volume_rows(facts: ReviewFacts, L: dict[str, str]) -> list[dict]:
    return [{L["col_day"]: v.day.isoformat(), L["col_answered"]: v.answered, L["col_escalated"]: v.escalated,
             L["col_hidden"]: v.hidden} for v in facts.volume]


def promise_rows(facts: ReviewFacts, L: dict[str, str]) -> list[dict]:
    """One row per judged promise: hours after discovery it was promised for, and came."""
    base = facts.discovered_at or (facts.timeline[0].at if facts.timeline else None)
    rows = []
    for p in facts.promises:
        if p.promised_at is None or base is None:
            continue
        rows.append({"#": f"#{p.made_in}",
                     L["legend_promised"]: round((p.promised_at - base).total_seconds() / 3600, 1),
                     L["legend_actual"]: (round((p.delivered_at - base).total_seconds() / 3600, 1)
                                          if p.delivered_at else None)})
    return rows


def trust_rows(weeks: list[TrustWeek], L: dict[str, str]) -> list[dict]:
    return [{L["col_week"]: w.week.isoformat(), L["legend_negative"]: round(100 * w.negative_share, 1),
             L["legend_supportive"]: round(100 * w.supportive_share, 1)} for w in weeks]


def _figure():
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(7.0, 3.0), dpi=120)
    ax.spines[["top", "right"]].set_visible(False)
    return plt, fig, ax


def _png(plt, fig) -> bytes:
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def volume_png(facts: ReviewFacts, L: dict[str, str]) -> bytes | None:
    if not facts.volume:
        return None
    plt, fig, ax = _figure()
    days = [v.day.strftime("%d/%m") for v in facts.volume]
    bottom = [0] * len(days)
    for key, colour in (("answered", "#4c78a8"), ("escalated", "#e45756"), ("hidden", "#bab0ac")):
        values = [getattr(v, key) for v in facts.volume]
        ax.bar(days, values, bottom=bottom, label=L[f"col_{key}"], color=colour)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_title(L["chart_volume"])
    ax.legend(frameon=False, fontsize=8)
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    return _png(plt, fig)


def promises_png(facts: ReviewFacts, L: dict[str, str]) -> bytes | None:
    rows = promise_rows(facts, L)
    if not rows:
        return None
    plt, fig, ax = _figure()
    labels = [r["#"] for r in rows]
    ax.plot(labels, [r[L["legend_promised"]] for r in rows], "o--", label=L["legend_promised"], color="#4c78a8")
    actual = [(lab, r[L["legend_actual"]]) for lab, r in zip(labels, rows) if r[L["legend_actual"]] is not None]
    if actual:
        ax.plot([a for a, _ in actual], [b for _, b in actual], "s-", label=L["legend_actual"], color="#e45756")
    ax.set_ylabel(f"{L['col_since']} (h)", fontsize=8)
    ax.set_title(L["chart_promises"])
    ax.legend(frameon=False, fontsize=8)
    return _png(plt, fig)


def trust_png(weeks: list[TrustWeek], L: dict[str, str]) -> bytes | None:
    if not weeks:
        return None
    plt, fig, ax = _figure()
    labels = [w.week.strftime("%d/%m") for w in weeks]
    ax.plot(labels, [100 * w.negative_share for w in weeks], "o-", label=L["legend_negative"], color="#e45756")
    ax.plot(labels, [100 * w.supportive_share for w in weeks], "o-", label=L["legend_supportive"], color="#54a24b")
    ax.set_ylabel("%")
    ax.set_ylim(0, 100)
    ax.set_title(L["chart_trust"])
    ax.legend(frameon=False, fontsize=8)
    return _png(plt, fig)
