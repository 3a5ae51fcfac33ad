"""The post-incident report, in the incident's language: summary, timeline, figures,
charts, trust tracking, lessons, action items and the recovery plan.

``report_blocks`` lays the report out once as plain blocks; ``to_markdown``, ``to_docx``
and ``to_pdf`` only draw them (charts are embedded images in Word and PDF; Markdown gets
the same figures as tables). Every free text a person typed passes ``mask`` (protected
names) before it is laid out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.brief import IncidentBrief
from assistant.export.labels import labels_for
from assistant.recovery import charts
from assistant.recovery.facts import ReviewFacts
from assistant.recovery.models import PlanFinding, RecoveryPlan, ReviewSections, StoredActionItem
from assistant.recovery.trust import TrustWeek
from assistant.timeline import format_duration
from guardrails import describe_category

LABELS_FILE = Path(__file__).with_name("data") / "report_labels.yaml"
FORMATS = ("md", "docx", "pdf")


@lru_cache(maxsize=1)
def _all_labels() -> dict:
    data = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    if set(data["vi"]) != set(data["en"]):
        raise ValueError(f"{LABELS_FILE.name}: vi and en labels differ: {sorted(set(data['vi']) ^ set(data['en']))}")
    return data


def labels(lang: str) -> dict[str, str]:
    return _all_labels()["vi" if lang == "vi" else "en"]


def scenario_label(scenario: str, lang: str) -> str:
    return _all_labels()["scenarios"]["vi" if lang == "vi" else "en"].get(scenario, scenario)


@dataclass(frozen=True)
class ReportData:
    incident_id: int
    brief: IncidentBrief
    facts: ReviewFacts
    sections: ReviewSections
    items: list[StoredActionItem]
    plan: RecoveryPlan | None
    plan_findings: list[PlanFinding]
    trust: list[TrustWeek]
    generated_at: dt.datetime
    closed: tuple[dt.datetime, str] | None = None
    drill: bool = False
    mask: Callable[[str], str] = field(default=lambda text: text)

    @property
    def language(self) -> str:
        return self.brief.language


@dataclass(frozen=True)
class Block:
    kind: str  # title | heading | subheading | text | pairs | table | image
    text: str = ""
    rows: list[tuple[str, ...]] = field(default_factory=list)
    header: tuple[str, ...] = ()
    png: bytes | None = None


def _moment(value: dt.datetime | None, L: dict[str, str]) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else L["unknown"]


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _figures(data: ReportData, L: dict[str, str], lang: str) -> list[Block]:
    f = data.facts
    kept, judged = f.promises_kept
    out = [Block("heading", L["figures"]), Block("pairs", rows=[
        (L["to_first"], format_duration(f.to_first_statement, lang) if f.to_first_statement else L["unknown"]),
        (L["to_lawyer"], format_duration(f.to_lawyer_approval, lang) if f.to_lawyer_approval else L["unknown"]),
        (L["promises_kept"], f"{kept}/{judged}" if judged else L["promises_none"]),
    ])]
    if f.promises:
        out.append(Block("table", header=(L["col_promise"].replace("{n}", "…"), L["col_delivered"], L["col_status"]), rows=[
            (f"#{p.made_in}: {data.mask(p.promised)}", f"#{p.delivered_in} {_moment(p.delivered_at, L)}" if p.delivered_in else "—",
             L[f"promise_{p.status}"]) for p in f.promises]))
    out.append(Block("subheading", L["planned_actions"]))
    if f.actions:
        out.append(Block("table", header=(L["col_action"], L["col_due"], L["col_status"]), rows=[
            (data.mask(a.action), _moment(a.due, L) if a.due else "—", L[f"action_{a.status}"]) for a in f.actions]))
    else:
        out.append(Block("text", L["no_items"]))
    out.append(Block("subheading", L["findings_caught"]))
    if f.findings:
        out.append(Block("table", header=(L["col_category"], L["col_caught"], L["col_published"]), rows=[
            (describe_category(c.category, lang)[0], str(c.caught), str(c.published)) for c in f.findings]))
    else:
        out.append(Block("text", L["no_findings"]))
    out.append(Block("subheading", L["comments"]))
    if f.volume:
        out.append(Block("table", header=(L["col_day"], L["col_total"], L["col_answered"], L["col_escalated"], L["col_hidden"]),
                         rows=[(v.day.isoformat(), str(v.total), _share(v.answered, v.total), _share(v.escalated, v.total),
                                _share(v.hidden, v.total)) for v in f.volume]))
    else:
        out.append(Block("text", L["no_comments"]))
    return out


def _share(part: int, total: int) -> str:
    return f"{part} ({100 * part / total:.0f}%)" if total else "0"


def _charts(data: ReportData, L: dict[str, str], images: bool) -> list[Block]:
    made = [(L["chart_volume"], charts.volume_png(data.facts, L) if images else None, bool(data.facts.volume)),
            (L["chart_promises"], charts.promises_png(data.facts, L) if images else None,
             bool(charts.promise_rows(data.facts, L))),
            (L["chart_trust"], charts.trust_png(data.trust, L) if images else None, bool(data.trust))]
    shown = [Block("image", caption, png=png) for caption, png, has_data in made if has_data]
    return [Block("heading", L["charts"]), *shown] if shown else []


def report_blocks(data: ReportData, images: bool = True) -> list[Block]:
    lang = data.language
    L = labels(lang)
    f = data.facts
    status = (L["status_closed"].format(at=_moment(data.closed[0].astimezone(f.discovered_at.tzinfo) if f.discovered_at
                                                    else data.closed[0], L), by=data.closed[1])
              if data.closed else L["status_open"])
    title = L["title"] + (" — DIỄN TẬP / DRILL" if data.drill else "")
    blocks = [Block("title", title), Block("heading", L["summary"]), Block("pairs", rows=[
        (L["speaker"], data.brief.speaker.name), (L["scenario"], scenario_label(data.brief.incident.scenario, lang)),
        (L["status"], status), (L["discovered"], _moment(f.discovered_at, L)), (L["time_zone"], f.tz_label),
        (L["generated"], _moment(data.generated_at, L))])]
    if f.nothing_published:
        blocks.append(Block("text", L["nothing_published"]))
    blocks.append(Block("heading", L["timeline"]))
    if f.nothing_published:
        blocks.append(Block("text", L["nothing_published"]))
    else:
        blocks.append(Block("table", header=(L["col_seq"], L["col_at"], L["col_kind"], L["col_channel"], L["col_since"]),
                            rows=[(str(e.sequence), _moment(e.at, L), labels_for(lang).kinds.get(e.kind, e.kind),
                                   labels_for(lang).channels.get(e.channel, e.channel),
                                   format_duration(e.since_discovery, lang) if e.since_discovery else "—")
                                  for e in f.timeline]))
    blocks += _figures(data, L, lang)
    blocks += _charts(data, L, images)
    blocks.append(Block("heading", L["trust"]))
    if data.trust:
        blocks.append(Block("table", header=(L["col_week"], L["col_total"], L["col_negative"], L["col_supportive"], L["col_questions"]),
                            rows=[(w.week.isoformat(), str(w.total), f"{100 * w.negative_share:.0f}%",
                                   f"{100 * w.supportive_share:.0f}%",
                                   "; ".join(f"{data.mask(q.text)} (×{q.count})" for q in w.questions) or "—")
                                  for w in data.trust]))
    else:
        blocks.append(Block("text", L["no_comments"]))
    blocks.append(Block("heading", L["lessons"]))
    for key, label in (("went_well", "went_well"), ("to_improve", "to_improve"), ("lessons", "lessons_learned")):
        blocks.append(Block("subheading", L[label]))
        blocks.append(Block("text", data.mask(getattr(data.sections, key).strip()) or L["nothing_written"]))
    blocks.append(Block("heading", L["action_items"]))
    if data.items:
        blocks.append(Block("table", header=(L["col_action"], L["col_owner"], L["col_due"], L["col_item_status"]),
                            rows=[(data.mask(i.text), data.mask(i.owner) or "—", _date(i.due), L[f"item_{i.status}"])
                                  for i in data.items]))
    else:
        blocks.append(Block("text", L["no_items"]))
    blocks.append(Block("heading", L["recovery_plan"]))
    if data.plan and data.plan.items:
        blocks.append(Block("table", header=(L["col_date"], L["col_type"], L["col_title"], L["col_partner"], L["col_owner"]),
                            rows=[(_date(i.date), L[f"type_{i.type}"], data.mask(i.title + (f" — {i.text}" if i.text else "")),
                                   data.mask(i.partner) or "—", data.mask(i.owner) or "—") for i in data.plan.items]))
        if data.plan_findings:
            blocks.append(Block("subheading", L["plan_findings"]))
            blocks.append(Block("table", header=(L["col_title"], L["col_status"]), rows=[
                (data.mask(data.plan.items[pf.item].title) if pf.item is not None else "—",
                 f"[{L['route_' + pf.route]}] {pf.reason}") for pf in data.plan_findings]))
    else:
        blocks.append(Block("text", L["no_plan"]))
    return blocks
