"""The post-incident review's figures, trust tracking, the recovery plan and its rules —
pure functions over plain records (no store, no clock)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from types import SimpleNamespace

import pytest

from assistant.brief import validate_brief
from assistant.catalog import SCENARIOS
from assistant.recovery import checks, facts, plan as planning, trust
from assistant.recovery.models import BatchComment, PlanItem, RecoveryPlan
from assistant.timeline import VIETNAM
from guardrails import scan

T0 = dt.datetime(2026, 11, 20, 9, 30, tzinfo=VIETNAM)


def brief(**over):
    data = {
        "language": "vi", "speaker": {"name": "Linh Nguyễn"},
        "incident": {"title": "t", "scenario": "product_issue", "summary": "s", "discovered_at": T0.isoformat()},
        "fault": "partial", "confirmed_facts": ["37 khách hàng đã báo kích ứng."],
        "under_investigation": ["Nguyên nhân gây kích ứng."], "official_channels": ["Trang Facebook Linh Official"],
        "contact": "hotro@linhnguyen.vn", "protected_names": ["Trần Thị B"],
        "actions_taken": ["Đã dừng quảng cáo serum SR-12."],
        "actions_planned": [{"action": "Gửi mẫu lô SR-12 đi kiểm nghiệm độc lập", "due": "2026-11-27"},
                            {"action": "Dừng quảng cáo serum SR-12", "due": "2026-11-21"},
                            {"action": "Công bố kết quả", "due": "2026-12-30"}],
    }
    data.update(over)
    return validate_brief(data)


def pub(seq, hours, kind="update"):
    return SimpleNamespace(sequence=seq, published_at=(T0 + dt.timedelta(hours=hours)).astimezone(dt.timezone.utc),
                           kind=kind, channel="facebook", language="vi", draft_id=seq, number=1)


def version_of(b, at_hours):
    return SimpleNamespace(brief=b, created_at=T0 + dt.timedelta(hours=at_hours), is_conflict_copy=False)


# ------------------------------------------------------------------ planned vs done
@pytest.mark.parametrize("planned, taken, expected", [
    ("Dừng quảng cáo serum SR-12", ["Đã dừng quảng cáo serum SR-12 từ 20/11."], 0),
    ("dung quang cao serum sr-12", ["Đã dừng quảng cáo serum SR-12 từ 20/11."], 0),   # no diacritics
    ("Send samples to an independent lab", ["We sent samples of the batch to an independent lab"], 0),
    ("Gửi mẫu lô SR-12 đi kiểm nghiệm độc lập", ["Đã dừng quảng cáo serum SR-12."], None),  # unrelated action
    ("Refund every buyer", ["Apologised to buyers on the page"], None),
])
def test_a_planned_action_is_done_when_actions_taken_report_it(planned, taken, expected):
    assert facts.match_done(planned, taken) == (taken[expected] if expected is not None else None)


def test_planned_actions_by_due_date_done_overdue_or_open():
    now = T0 + dt.timedelta(days=10)
    rows = facts.review_facts(brief=brief(), history=[], publications=[], reviews=[], published_drafts=[],
                              batches=[], now=now).actions
    assert [(r.action, r.status) for r in rows] == [
        ("Dừng quảng cáo serum SR-12", "done"),
        ("Gửi mẫu lô SR-12 đi kiểm nghiệm độc lập", "overdue"),
        ("Công bố kết quả", "open"),
    ]


# ------------------------------------------------------------------ promised updates
@pytest.mark.parametrize("publications, promised, now_hours, expected", [
    ([pub(1, 2, "holding"), pub(2, 8)], "18:00 ngày 20/11/2026", 30, ["on_time"]),
    ([pub(1, 2, "holding"), pub(2, 8), pub(3, 9)], "18:00 ngày 20/11/2026", 30, ["on_time"]),  # repeated, once
    ([pub(1, 2, "holding"), pub(2, 12)], "18:00 ngày 20/11/2026", 30, ["late"]),
    ([pub(1, 2, "holding")], "18:00 ngày 20/11/2026", 30, ["missed"]),
    ([pub(1, 2, "holding")], "18:00 ngày 20/11/2026", 5, ["pending"]),
    ([pub(1, 2, "holding"), pub(2, 10)], "sáng mai", 30, ["unreadable"]),
    ([pub(1, 2, "closing")], "18:00 ngày 20/11/2026", 30, []),  # a closing statement promises nothing
])
def test_each_promised_update_is_judged_against_the_next_statement(publications, promised, now_hours, expected):
    b = brief(next_update=promised)
    result = facts.review_facts(brief=b, history=[version_of(b, 0)], publications=publications, reviews=[],
                                published_drafts=[], batches=[], now=T0 + dt.timedelta(hours=now_hours))
    assert [p.status for p in result.promises] == expected


def test_the_promise_is_the_one_in_the_brief_when_the_statement_went_out():
    first, second = brief(next_update="18:00 ngày 20/11/2026"), brief(next_update="20:00 ngày 21/11/2026")
    history = [version_of(first, 0), version_of(second, 5)]
    result = facts.review_facts(brief=second, history=history, publications=[pub(1, 2, "holding"), pub(2, 8), pub(3, 40)],
                                reviews=[], published_drafts=[], batches=[], now=T0 + dt.timedelta(days=3))
    assert [(p.made_in, p.promised, p.status) for p in result.promises] == [
        (1, "18:00 ngày 20/11/2026", "on_time"), (2, "20:00 ngày 21/11/2026", "late")]
    assert result.promises_kept == (1, 2)


def test_times_from_discovery_to_first_statement_and_lawyer_approval():
    reviews = [SimpleNamespace(role="pr", decision="approved", created_at=T0 + dt.timedelta(minutes=20)),
               SimpleNamespace(role="lawyer", decision="changes_requested", created_at=T0 + dt.timedelta(minutes=30)),
               SimpleNamespace(role="lawyer", decision="approved", created_at=T0 + dt.timedelta(minutes=50))]
    result = facts.review_facts(brief=brief(), history=[], publications=[pub(1, 1, "holding")], reviews=reviews,
                                published_drafts=[], batches=[], now=T0 + dt.timedelta(days=1))
    assert result.to_first_statement == dt.timedelta(hours=1)
    assert result.to_lawyer_approval == dt.timedelta(minutes=50)
    assert result.tz_label == "UTC+07:00" and not result.nothing_published


def test_nothing_published_is_a_valid_review():
    result = facts.review_facts(brief=brief(), history=[], publications=[], reviews=[], published_drafts=[],
                                batches=[], now=T0)
    assert result.nothing_published and result.to_first_statement is None and result.promises == []


# ------------------------------------------------------------------ findings caught before publication
def _v(number, text, b):
    return SimpleNamespace(number=number, scan=scan(text, brief=b, lang="vi"))


def test_findings_fixed_before_publication_are_counted_as_caught():
    b = brief()
    risky = "Chúng tôi cam kết hoàn tiền 100% cho tất cả khách hàng. Lỗi là do khách dùng sai cách."
    clean = "Tôi xin lỗi vì những gì mọi người đang phải trải qua. 37 khách hàng đã báo kích ứng."
    caught = facts.findings_caught([([_v(1, risky, b), _v(2, clean, b)], 2)])
    assert {c.category for c in caught} >= {"compensation_promise"}
    assert all(c.caught >= 1 and c.published == 0 for c in caught)
    kept = facts.findings_caught([([_v(1, risky, b)], 1)])
    assert all(c.published >= 1 and c.caught == 0 for c in kept)


# ------------------------------------------------------------------ comments by day and trust by week
def bc(text, category, time=None, action=None, key=""):
    from assistant.replies.models import ACTIONS

    return BatchComment(id=text[:8], text=text, time=time, category=category, action=action or ACTIONS[category],
                        language="vi", group_key=key)


@pytest.mark.parametrize("raw, expected", [
    ("2026-11-21T23:30:00+00:00", dt.date(2026, 11, 22)),  # in the incident's time zone
    ("2026-11-21", dt.date(2026, 11, 21)),
    ("21/11/2026 14:30", dt.date(2026, 11, 21)),
    ("1763740800", dt.date(2025, 11, 21)),  # epoch seconds: 16:00 UTC is 23:00 here
    ("hôm qua", dt.date(2026, 11, 25)),  # unreadable: the day of the batch
    (None, dt.date(2026, 11, 25)),
])
def test_a_comment_is_counted_on_its_own_day_else_its_batch_day(raw, expected):
    imported = dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.timezone.utc)
    assert facts.comment_day(bc("x", "support", time=raw), imported, VIETNAM) == expected


def test_comment_volume_by_day_with_answered_escalated_hidden():
    at = dt.datetime(2026, 11, 21, 3, tzinfo=dt.timezone.utc)
    batch = [bc("a", "question"), bc("b", "support"), bc("c", "legal_threat"), bc("d", "spam"),
             bc("e", "criticism", time="2026-11-22")]
    rows = facts.comment_volume([(at, batch)], VIETNAM)
    assert [(r.day.isoformat(), r.total, r.answered, r.escalated, r.hidden) for r in rows] == [
        ("2026-11-21", 4, 2, 1, 1), ("2026-11-22", 1, 1, 0, 0)]


def test_trust_by_week_shares_and_top_open_questions_with_names_masked():
    week1 = dt.datetime(2026, 11, 24, 3, tzinfo=dt.timezone.utc)
    week2 = dt.datetime(2026, 12, 1, 3, tzinfo=dt.timezone.utc)
    b1 = [bc("shop lừa đảo", "criticism"), bc("đồ tồi", "harassment"), bc("cố lên chị", "support"),
          bc("Trần Thị B có sao không?", "question", key="q1"), bc("Tran Thi B co sao khong", "question", key="q1"),
          bc("hoàn tiền thế nào?", "question", key="q2")]
    b2 = [bc("cố lên", "support"), bc("ủng hộ chị", "support"), bc("khi nào có kết quả?", "question", key="q3")]
    names = brief().protected_names
    from assistant.export.spans import redact

    weeks = trust.trust_weeks([(week1, b1), (week2, b2)], VIETNAM, mask=lambda s: redact(s, names))
    assert [(w.week.isoformat(), w.total, w.negative, w.supportive) for w in weeks] == [
        ("2026-11-23", 6, 2, 1), ("2026-11-30", 3, 0, 2)]  # weeks start on Monday
    assert weeks[0].questions[0].count == 2 and "Trần" not in weeks[0].questions[0].text
    assert weeks[1].supportive_share == pytest.approx(2 / 3)


# ------------------------------------------------------------------ the recovery plan
BRIEF_EN = dict(language="en", speaker={"name": "Maya"}, incident={"title": "t", "summary": "s", "scenario": "other"},
                fault="partial", official_channels=["Maya's Instagram"], contact="press@maya.example")


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_scenario_gets_a_dated_plan_with_owners_and_clean_public_words(scenario, lang):
    b = brief(incident={"title": "t", "summary": "s", "scenario": scenario}, under_investigation=[])
    p = planning.draft_plan(b, dt.date(2026, 12, 1), lang)
    assert p.items[0].type == "closing_statement" and p.items[0].date == dt.date(2026, 12, 1)
    assert all(i.date and i.owner for i in p.items)
    assert "{" not in "".join(i.title + i.text for i in p.items)
    assert checks.check_plan(p, b) == []
    for item in filter(checks.is_public, p.items):
        report = scan("\n".join(x for x in (item.title, item.text, item.partner) if x), brief=b, lang=lang)
        assert [f for f in report.findings if f.route == "lawyer"] == [], (item.title, report.findings)


def _plan(*items, lang="vi"):
    return RecoveryPlan(language=lang, scenario="product_issue", start=dt.date(2026, 12, 1), items=list(items))


CLOSING = PlanItem(date=dt.date(2026, 12, 1), type="closing_statement", title="Closing", owner="PR")


@pytest.mark.parametrize("item, open_investigation, expected", [
    (PlanItem(date=dt.date(2026, 12, 5), type="charity", title="Quyên góp để bù đắp cho khách hàng", owner="A"), False,
     ["compensation_framing"]),
    (PlanItem(date=dt.date(2026, 12, 5), type="charity", title="quyen gop de bu dap cho khach hang", owner="A"), False,
     ["compensation_framing"]),
    (PlanItem(date=dt.date(2026, 12, 5), type="community", title="Clean-up day",
              text="We hope this will make up for what happened.", owner="A"), False, ["compensation_framing"]),
    (PlanItem(date=dt.date(2026, 12, 5), type="charity", title="Donation drive so fans forgive us", owner="A"), False,
     ["compensation_framing"]),
    (PlanItem(date=dt.date(2026, 11, 28), type="promotional", title="New serum launch", owner="A"), False,
     ["promo_before_closing"]),
    (PlanItem(date=dt.date(2026, 12, 20), type="promotional", title="Sponsored post", owner="A"), False, []),
    (PlanItem(date=dt.date(2026, 12, 5), type="charity", title="Ủng hộ quỹ", owner="A", publicity=True), True,
     ["charity_publicity_open_investigation"]),
    (PlanItem(date=dt.date(2026, 12, 5), type="charity", title="Ủng hộ quỹ", owner="A", publicity=True,
              disclosed=True), True, []),
    (PlanItem(date=dt.date(2026, 12, 5), type="charity", title="Ủng hộ quỹ", owner="A"), True, []),  # not publicised
    (PlanItem(date=None, type="content", title="Video", owner="A"), False, ["promise_owner_date"]),
    (PlanItem(date=dt.date(2026, 12, 5), type="content", title="Video", owner=" "), False, ["promise_owner_date"]),
    # hard negatives: a refund or compensation named outside a charity item, a charity that stands on its own
    (PlanItem(date=dt.date(2026, 12, 5), type="milestone", title="Finish refunds and compensation", owner="A"), False, []),
    (PlanItem(date=dt.date(2026, 12, 5), type="charity", title="Ngày hội hiến máu cùng Hội Chữ thập đỏ", owner="A"),
     False, []),
])
def test_recovery_plan_rules(item, open_investigation, expected):
    b = brief(under_investigation=["Nguyên nhân"] if open_investigation else [])
    found = checks.check_plan(_plan(CLOSING, item), b)
    assert [f.rule for f in found] == expected
    assert all(f.item == 1 for f in found)


def test_plan_rule_reasons_exist_in_both_languages_and_nfd_text_matches():
    item = PlanItem(date=dt.date(2026, 12, 5), type="charity", title=unicodedata.normalize("NFD", "Chuộc lỗi bằng từ thiện"),
                    owner="A")
    vi = checks.check_plan(_plan(CLOSING, item), brief(), "vi")
    en = checks.check_plan(_plan(CLOSING, item), brief(), "en")
    assert [f.rule for f in vi] == [f.rule for f in en] == ["compensation_framing"]
    assert vi[0].reason != en[0].reason and vi[0].route == "lawyer"


def test_open_action_items_become_dated_milestones():
    from assistant.recovery.models import StoredActionItem

    items = [StoredActionItem(id=1, text="Cập nhật quy trình duyệt quảng cáo", owner="Mai", due=dt.date(2026, 12, 9)),
             StoredActionItem(id=2, text="Đã xong", owner="Mai", due=dt.date(2026, 12, 2), status="done")]
    p = planning.draft_plan(brief(), dt.date(2026, 12, 1), "vi", items)
    mine = [i for i in p.items if i.title == "Cập nhật quy trình duyệt quảng cáo"]
    assert mine and mine[0].date == dt.date(2026, 12, 9) and mine[0].owner == "Mai"
    assert not [i for i in p.items if i.title == "Đã xong"]
    assert [i.date for i in p.items] == sorted(i.date for i in p.items)
