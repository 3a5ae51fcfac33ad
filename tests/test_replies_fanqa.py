"""Fan Q&A that answers the question asked: what a comment asks, where it goes (and why),
the reply composed from the statement and the brief, the audit log, and the figures on the
frozen held-out set (tests/data/fanqa/heldout.csv, never tuned on)."""

from __future__ import annotations

import unicodedata

import pytest

from assistant.brief import load_brief
from assistant.services.replies import answer_comments
from assistant.replies.asks import read_asks
from assistant.replies.compose import compose_reply, voice
from assistant.replies.models import Comment
from assistant.replies.routing import route_group
from tests.fanqa_eval import DATA, rows, run_offline
from tests.test_replies_batch import model_env  # noqa: F401

BRIEF = load_brief(DATA / "brief.vi.yaml")
STATEMENT = (DATA / "statement.vi.txt").read_text(encoding="utf-8")


# ------------------------------------------------------------------ what a comment asks
@pytest.mark.parametrize("text, items, codes, harm, person", [
    ("Có được hoàn tiền không shop?", {"refund"}, (), False, False),
    ("co dc hoan tien ko shop", {"refund"}, (), False, False),
    ("Where should I send my receipt?", {"send_info"}, (), False, False),
    ("bao giờ mới có cập nhật mới vậy", {"next_update"}, (), False, False),
    ("Can I keep using it on my kids?", {"safety"}, (), False, False),
    ("mua lo kd 1002 co sao khong", {"lot", "safety"}, ("KD-1002",), False, False),
    ("Is lot kd0911 the bad one?", {"lot"}, ("KD-0911",), False, False),
    ("Mặt em bị sưng đỏ từ hôm qua", set(), (), True, False),
    ("my face has been burning since sunday", set(), (), True, False),
    ("Which ingredient causes a rash like that?", {"safety"}, (), False, False),   # a harm word, no one's harm
    ("cô bé trong ảnh tên là gì vậy", set(), (), False, True),
    ("what is the packer's full name", set(), (), False, True),
    ("Ai chịu trách nhiệm chuyện này?", set(), (), False, False),                 # no person asked about
])
def test_what_a_comment_asks(text, items, codes, harm, person):
    for form in (text, unicodedata.normalize("NFD", text)):
        asks = read_asks(form)
        assert (set(asks.items), asks.codes, asks.harm, asks.person) == (items, codes, harm, person)


# ------------------------------------------------------------------ where it goes
@pytest.mark.parametrize("category, text, action, reason", [
    ("question", "Phạm Minh Anh giờ ra sao rồi?", "lawyer", "protected_person"),
    ("question", "LÊ VĂN HÙNG có bị kỷ luật không", "lawyer", "protected_person"),
    ("question", "đứa nhỏ trong video học lớp mấy vậy", "lawyer", "person"),
    ("question", "Tên nhà cung cấp nguyên liệu là gì?", "lawyer", "do_not_say"),
    ("legal_threat", "Tôi sẽ khởi kiện", "lawyer", "legal_threat"),
    ("criticism", "Con tôi bị nổi mẩn khắp người sau khi dùng", "pr", "harm"),
    ("spam", "bi ngua qua, mua kem tri ngua o shop minh nhe ib zalo", "pr", "harm"),  # harm is never hidden
    ("spam", "ib zalo mình bán kem rẻ", "hide", "spam"),
    ("harassment", "đồ lừa đảo", "hide", "harassment"),
    ("question", "Khi nào có kết quả?", "reply", None),
])
def test_routing_table(category, text, action, reason):
    from assistant.services.replies import scan_reply

    route = route_group(category, [text], BRIEF, "vi", scan_reply)
    assert (route.action, route.reason) == (action, reason)


def test_protected_and_identity_comments_get_no_reply_and_never_reach_the_model(model_env):
    openai_stub = model_env
    texts = ["Phạm Minh Anh học trường nào?", "con bé trong clip tên gì", "Cho biết tên nhà cung cấp nguyên liệu đi"]
    result = answer_comments([Comment(id=str(i), text=t) for i, t in enumerate(texts)], BRIEF, STATEMENT, backend="openai")
    assert openai_stub.requests == []
    assert {(r.action, r.text) for r in result.replies.values()} == {("lawyer", "")}


# ------------------------------------------------------------------ the reply
def _reply(text: str, category: str = "question", lang: str = "vi") -> str:
    asks = read_asks(text)
    return compose_reply(BRIEF, STATEMENT, lang, category, asks, asks.harm, seed=text)[0]


def test_a_lot_that_is_asked_about_is_answered_and_only_that_one():
    confirmed = _reply("lô KD-0911 có phải lô lỗi không")
    assert "KD-0911" in confirmed and "KD-1002" not in confirmed
    checking = _reply("còn lô KD-1002 thì sao")
    assert "KD-1002" in checking and "KD-0911" not in checking and "kiểm tra" in checking
    unknown = _reply("lô KD-0700 có sao không")
    assert "KD-0700" in unknown and "KD-0911" not in unknown and "chưa có thông tin xác nhận" in unknown
    assert "1900 6868" in unknown  # where to send the lot number


def test_an_open_item_is_said_to_be_open_with_its_date():
    for text, lang in (("kem có an toàn không", "vi"), ("is the cream safe?", "en")):
        reply = _reply(text, lang=lang)
        assert ("05/12" in reply or "5 December 2026" in reply) and ("kiểm tra" in reply or "being checked" in reply)


def test_refund_quotes_the_statement_and_the_contact_and_update_come_once():
    reply = _reply("hoàn tiền thế nào, gửi mã đơn ở đâu, khi nào cập nhật tiếp?")
    assert "hoàn tiền toàn bộ khi gửi mã đơn hàng qua hotline 1900 6868" in reply
    assert reply.count("1900 6868") == 1 and reply.count("02/12/2026") == 1
    assert "về câu hỏi này" not in reply


def test_harm_gets_the_support_contact_and_the_statements_advice():
    reply = _reply("mặt em bị rát đỏ hết rồi", category="criticism")
    assert "1900 6868" in reply and "đi khám bác sĩ" in reply
    assert reply.count("1900 6868") == 1


def test_an_english_reply_to_a_vietnamese_brief_keeps_to_english():
    reply = _reply("How do I get a refund? Who do I contact?", lang="en")
    assert "1900 6868" in reply and "hotro@havy.vn" in reply
    assert "hoặc" not in reply and "hoàn" not in reply


@pytest.mark.parametrize("statement, lang, expected", [
    ("Mình xin lỗi các bạn. Mình sẽ cập nhật.", "vi", "mình"),
    ("Chúng tôi xin lỗi. Chúng tôi đã dừng bán.", "vi", "chúng tôi"),
    ("Em xin lỗi mọi người ạ.", "vi", "em"),
    ("We are sorry. We stopped sales.", "en", "we"),
    ("", "vi", "mình"),  # no statement: the speaker's role (a KOL)
])
def test_the_reply_keeps_the_statements_voice(statement, lang, expected):
    assert voice(BRIEF, statement, lang) == expected


def test_one_voice_in_every_reply_of_a_batch():
    texts = [r.text for r in rows("dev")]
    result = answer_comments([Comment(id=str(i), text=t) for i, t in enumerate(texts)], BRIEF, STATEMENT, backend="offline")
    vi = [r.text for r in result.replies.values() if r.text and r.language == "vi"]
    assert vi and not [t for t in vi if "Em " in t or " em " in t or "Tôi " in t]


# ------------------------------------------------------------------ on the record
def test_an_approved_reply_and_an_export_are_in_the_audit_log(tmp_db):
    from assistant.services.replies import revise_reply
    from assistant.replies.export import to_csv_bytes
    from assistant.replies.storage import StoreReplyCache
    from assistant.store import open_store

    store = open_store(tmp_db)
    incident = store.create_incident(BRIEF, author="pr")
    cache = StoreReplyCache(store, incident.id, actor="Mai (PR)")
    result = answer_comments([Comment(id="1", text="hoàn tiền thế nào?")], BRIEF, STATEMENT, backend="offline", cache=cache)
    [reply] = result.replies.values()
    cache.put(revise_reply(reply, reply.text + " Cảm ơn bạn.", BRIEF))
    data = to_csv_bytes(result)
    cache.record_export(data, replies=1)
    entries = [(a.action, a.actor) for a in store.audit_log(incident.id)]
    assert ("reply.approve", "Mai (PR)") in entries and ("replies.export", "Mai (PR)") in entries
    assert b"reason" in data and b"asks about" in data


# ------------------------------------------------------------------ measured
def test_sets_never_overlap():
    from guardrails.text import fold_plain

    def texts(name):
        return {fold_plain(r.text).strip() for r in rows(name)}

    assert not texts("dev") & texts("heldout")
    assert len(rows("heldout")) >= 300


def test_held_out_figures(capsys):
    """Scored on the frozen held-out set; the floors sit just under what was measured, so a
    regression fails. Targets (issue 15): route >= 0.90, asked >= 0.90, no protected replies."""
    s = run_offline("heldout")
    with capsys.disabled():
        print("\n" + s.line("fan Q&A held-out (offline)"))
    assert s.route_accuracy >= 0.89
    assert s.asked_rate >= 0.84
    assert s.protected_replied == []  # the one protected-name matcher (guardrails.names) reads every form
    assert len(s.harm_hidden) <= 1
