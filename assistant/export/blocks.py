"""The content blocks every format shows, as plain rows in the statement's language:
document facts, findings, checklist, brief summary and sign-off. Renderers only lay
these rows out; what is said lives here once.

Protected names (minors, victims) never appear in any export: the brief summary is
redacted, and the brief's list of protected names is reported only as a count.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.export.document import ExportDocument
from assistant.export.labels import Labels, labels_for
from assistant.export.spans import LocatedFinding, locate_findings, redact


@dataclass(frozen=True)
class FindingEntry:
    number: int
    route: str  # "lawyer" | "pr"
    label: str  # category label
    route_label: str
    severity_label: str
    span: str
    rationale: str
    suggestion: str  # or the "no suggestion" label
    located: bool


@dataclass(frozen=True)
class ChecklistRow:
    label: str
    met: bool
    status: str
    evidence: str


@dataclass(frozen=True)
class SignoffRow:
    role: str  # "lawyer" | "pr"
    role_label: str
    required_label: str
    name: str
    decision: str
    date: str
    comment: str


def labels_of(doc: ExportDocument) -> Labels:
    return labels_for(doc.language)


def meta_rows(doc: ExportDocument) -> list[tuple[str, str]]:
    L = labels_of(doc)
    f = L.fields
    needs = ", ".join(L.routes.get(r, r) for r in doc.scan.needs_review) or f.nobody
    rows = [
        (f.incident, _redacted(doc, doc.brief.incident.title)),
        (f.speaker, _redacted(doc, doc.brief.speaker.name)),
        (f.kind, L.kinds.get(doc.kind, doc.kind) if doc.kind else L.none),
        (f.channel, L.channels.get(doc.channel, doc.channel) if doc.channel else L.none),
        (f.language, L.languages.get(doc.language, doc.language)),
        (f.version, str(doc.version) if doc.version is not None else L.ad_hoc),
        (f.sha256, doc.sha256),
        (f.author, L.backends.get(doc.author, doc.author) if doc.author == "web" else doc.author or L.none),
        (f.backend, L.backends.get(doc.backend, doc.backend) if doc.backend else L.none),
        (f.model, doc.model or L.none),
        (f.created_at, doc.created_at.strftime("%Y-%m-%d %H:%M %Z").strip()),
        (f.needs_review, needs),
    ]
    return rows


def located_findings(doc: ExportDocument) -> list[LocatedFinding]:
    return locate_findings(doc.text, doc.scan.findings)


def finding_entries(doc: ExportDocument, located: list[LocatedFinding] | None = None) -> list[FindingEntry]:
    L = labels_of(doc)
    located = located_findings(doc) if located is None else located
    return [
        FindingEntry(
            number=lf.number,
            route=lf.finding.route,
            label=L.category(lf.finding.category),
            route_label=L.routes.get(lf.finding.route, lf.finding.route),
            severity_label=L.severities.get(lf.finding.severity, lf.finding.severity),
            span=lf.finding.text,
            rationale=lf.finding.rationale,
            suggestion=lf.finding.suggestion or L.comment.no_suggestion,
            located=lf.located,
        )
        for lf in located
    ]


def comment_text(doc: ExportDocument, entry: FindingEntry) -> str:
    """The text of the Word comment (and PDF note) for one finding."""
    c = labels_of(doc).comment
    lines = [
        f"[{entry.number}] {entry.label}",
        f"{c.route}: {entry.route_label} · {c.severity}: {entry.severity_label}",
        f"{c.rationale}: {entry.rationale}",
        f"{c.suggestion}: {entry.suggestion}",
    ]
    if not entry.located:
        lines.append(f"“{entry.span}” {c.span_not_found}")
    return "\n".join(lines)


def checklist_rows(doc: ExportDocument) -> list[ChecklistRow]:
    L = labels_of(doc)
    s = L.checklist_status
    rows = []
    for item in doc.scan.checklist:
        status = s.met if item.met else (s.missing if item.required else s.optional)
        rows.append(ChecklistRow(L.checklist_item(item.id), item.met, status, item.evidence or L.none))
    return rows


def brief_blocks(doc: ExportDocument) -> list[tuple[str, list[str]]]:
    """(heading, lines) pairs summarising the brief; empty sections are left out."""
    L = labels_of(doc)
    b, brief = L.brief, doc.brief

    def red(items: list[str]) -> list[str]:
        return [_redacted(doc, t) for t in items]

    planned = [
        _redacted(doc, a.action) + (f" ({b.due} {a.due.isoformat()})" if a.due else "")
        for a in brief.actions_planned
    ]
    blocks = [
        (b.summary, red([brief.incident.summary])),
        (b.fault, [L.faults.get(brief.fault, brief.fault)]),
        (b.confirmed_facts, red(brief.confirmed_facts)),
        (b.under_investigation, red(brief.under_investigation)),
        (b.affected_parties, red(brief.affected_parties)),
        (b.actions_taken, red(brief.actions_taken)),
        (b.actions_planned, planned),
        (b.next_update, red([brief.next_update] if brief.next_update else [])),
        (b.official_channels, red(brief.official_channels)),
        (b.contact, red([brief.contact] if brief.contact else [])),
        (b.do_not_say, red([str(i) for i in brief.do_not_say])),
    ]
    if brief.protected_names:
        blocks.append((b.protected_names, [b.protected_note.format(count=len(brief.protected_names))]))
    return [(heading, lines) for heading, lines in blocks if lines]


def signoff_rows(doc: ExportDocument) -> list[SignoffRow]:
    """Lawyer and PR rows, pre-filled from reviews of THIS version's hash."""
    L = labels_of(doc)
    rows = []
    for role in ("lawyer", "pr"):
        review = doc.signoff(role)
        required = doc.requires(role)
        rows.append(
            SignoffRow(
                role=role,
                role_label=L.routes[role],
                required_label=L.signoff.required if required else L.signoff.not_required,
                name=review.name if review else "",
                decision=L.decisions[review.decision] if review else L.decisions["pending"],
                date=review.date.strftime("%Y-%m-%d %H:%M") if review else "",
                comment=review.comment if review else "",
            )
        )
    return rows


def signoff_note(doc: ExportDocument) -> str:
    L = labels_of(doc)
    version = str(doc.version) if doc.version is not None else L.ad_hoc
    return L.sections.signoff_note.format(version=version, sha256=doc.sha256)


def _redacted(doc: ExportDocument, text: str) -> str:
    return redact(text, doc.brief.protected_names) if doc.brief.protected_names else text
