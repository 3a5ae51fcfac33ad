"""The offline drafter: every kind x channel x language, on the example briefs and on
extra briefs built here (brand/management voices, fault none/established/disputed,
empty lists, facts that mention a protected name or a do-not-say phrase, NFD text)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import jinja2
import pytest

from assistant.brief import load_brief, validate_brief
from assistant.catalog import CHANNELS, INSTAGRAM_CAPTION_LIMIT, KINDS, X_POST_LIMIT
from assistant.drafting.channels import parse_thread, to_channel_form
from assistant.drafting.context import build_context
from assistant.drafting.offline import offline_form, render_offline
from assistant.drafting.request import build_request
from guardrails.text import fold_plain
from assistant.drafting.templates import PROMPTS_DIR, environment, render
from assistant.errors import ConfigError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# A brand speaking, fault established, a fact naming a protected person (written without
# diacritics and in another case), a fact carrying a do-not-say phrase, no contact.
BRAND_EN = {
    "language": "en",
    "speaker": {"name": "Glow Lab", "role": "brand"},
    "incident": {
        "title": "Misleading claims in the Glow Lab toner advert",
        "scenario": "misleading_ad",
        "summary": "A Glow Lab advert described the toner with claims our own tests do not support.",
    },
    "fault": "established",
    "confirmed_facts": [
        "The advert ran on our channels from 3 November to 10 November 2026.",
        "The advert was approved by our marketing team without a claims review.",
        "A customer, PHAM VAN C, filed the first complaint.",
        "The agency Blue Fox Media produced the advert.",
    ],
    "under_investigation": [
        "How many customers bought the toner because of the advert.",
        "Why the claims review step was skipped.",
    ],
    "affected_parties": ["Customers who bought the toner after seeing the advert"],
    "actions_taken": ["Removed the advert from all our channels on 11 November 2026."],
    "actions_planned": [
        {"action": "Introduce a claims review for every advert", "due": "2026-12-01"},
        {"action": "Publish a corrected product description"},
    ],
    "next_update": "Friday 28 November 2026, 5 pm",
    "official_channels": ["glowlab.example/news"],
    "do_not_say": ["Blue Fox Media"],
    "protected_names": ["Phạm Văn C"],
}

# A management company, fault none (a rumour), no investigation, no actions, no contact,
# no next update; a protected name inside a fact written in NFD without the accents.
MANAGEMENT_VI = {
    "language": "vi",
    "speaker": {"name": "Công ty Sao Việt Entertainment", "role": "management", "voice": "trang trọng"},
    "incident": {
        "title": "Tin đồn về việc Minh Anh hủy show từ thiện",
        "scenario": "misinformation_about_kol",
        "summary": "Trên mạng xã hội lan truyền thông tin rằng ca sĩ Minh Anh đã tự ý hủy đêm nhạc từ thiện ngày 22/11.",
    },
    "fault": "none",
    "confirmed_facts": [
        "Đêm nhạc từ thiện ngày 22/11 được ban tổ chức dời sang ngày 6/12 vì lý do thời tiết.",
        "Ca sĩ Minh Anh vẫn tham gia đêm nhạc theo lịch mới.",
        unicodedata.normalize("NFD", "Người đầu tiên đăng tin là chị Le Thi D."),
    ],
    "official_channels": ["Fanpage Minh Anh Official", "Website saoviet.example"],
    "protected_names": ["Lê Thị D"],
}

# Only the required fields: every list empty, fault disputed.
MINIMAL_VI = {
    "language": "vi",
    "speaker": {"name": "Hà My"},
    "incident": {"title": "Tranh cãi về bài đăng ngày 15/11", "summary": "Bài đăng của Hà My ngày 15/11 khiến nhiều người phản đối."},
    "fault": "disputed",
}


def _nfd_brief(path: Path):
    text = unicodedata.normalize("NFD", path.read_text(encoding="utf-8"))
    from assistant.brief import parse_brief
    return parse_brief(text, source=str(path))


BRIEFS = {
    "example_vi": lambda: load_brief(EXAMPLES / "brief.vi.yaml"),
    "example_en": lambda: load_brief(EXAMPLES / "brief.en.yaml"),
    "brand_en": lambda: validate_brief(BRAND_EN),
    "management_vi": lambda: validate_brief(MANAGEMENT_VI),
    "minimal_vi": lambda: validate_brief(MINIMAL_VI),
}
COMBOS = [(b, k, c) for b in BRIEFS for k in KINDS for c in CHANNELS]
_cache: dict = {}


def draft(brief_id: str, kind: str, channel: str, **extra):
    key = (brief_id, kind, channel, tuple(sorted(extra.items())))
    if key not in _cache:
        brief = BRIEFS[brief_id]()
        request = build_request(brief, kind, channel, **extra)
        _cache[key] = (brief, request, render_offline(request))
    return _cache[key]


def flat(text: str) -> str:
    """The words of a statement without X post numbers, whitespace collapsed, NFC."""
    posts = parse_thread(text)
    if posts:
        text = "\n".join(re.sub(r"^\d+/\d+\s", "", p) for p in posts)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def restricted_items(brief) -> list[str]:
    return [*brief.protected_names, *(p for item in brief.do_not_say for p in item.phrases)]


def mentions(text: str, phrase: str) -> bool:
    words = [re.escape(w) for w in fold_plain(phrase).split()]
    return re.search(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", fold_plain(text)) is not None


def kept(items, brief) -> list[str]:
    return [i for i in items if not any(mentions(i, r) for r in restricted_items(brief))]


CHECKING_WORDS = {"vi": ("đang được kiểm tra",), "en": ("being checked",)}


# ------------------------------------------------------------------ the 180 drafts


@pytest.mark.parametrize("brief_id,kind,channel", COMBOS)
def test_form_and_limits(brief_id, kind, channel):
    brief, request, text = draft(brief_id, kind, channel)
    lang = request.language
    assert text.strip() == text and text
    form = to_channel_form(text, channel, lang)
    assert form.text == text, "splitting the offline text again must give the same text"
    assert form.warnings == []
    if channel == "x":
        posts = parse_thread(text)
        assert posts and form.posts == posts
        assert text == "\n\n".join(posts)
        for i, post in enumerate(posts, 1):
            assert post.startswith(f"{i}/{len(posts)} ")
            assert len(post) <= X_POST_LIMIT
    else:
        assert form.posts == [text]
    if channel == "instagram":
        assert len(text) <= INSTAGRAM_CAPTION_LIMIT
    if channel == "video_script":
        header = text.splitlines()[0]
        assert re.match(r"(Kịch bản video|Video script) — .* \((khoảng|about) .*(giây|phút|s|min)\)$", header)
        assert form.duration_seconds and form.duration_seconds > 10
    if channel == "press_release":
        lines = text.splitlines()
        assert lines[0] and not lines[0].endswith(".")  # headline
        dateline = lines[2].split(" — ", 1)
        assert re.search(r"\d{4}$", dateline[0]) and brief.speaker.name in dateline[1]  # dateline
        label = "Liên hệ báo chí:" if lang == "vi" else "Media contact:"
        assert label in text
        block = text.split(label, 1)[1].strip()
        assert not block.startswith(brief.speaker.name)  # the PR contact, never the KOL
        if brief.pr_contact:
            assert block.startswith(brief.pr_contact.name)
        elif brief.contact:
            assert brief.contact in block
        elif brief.official_channels:
            assert brief.official_channels[0] in block
    if channel == "email":
        assert text.startswith("Tiêu đề: " if lang == "vi" else "Subject: ")
        assert brief.speaker.name in text.splitlines()[-4:] or brief.speaker.name in text[-200:]


@pytest.mark.parametrize("brief_id,kind,channel", COMBOS)
def test_grounded_in_the_brief(brief_id, kind, channel):
    brief, request, text = draft(brief_id, kind, channel)
    words = flat(text)
    for fact in kept(brief.confirmed_facts, brief):
        assert unicodedata.normalize("NFC", fact) in words, fact
    for action in kept(brief.actions_taken, brief):
        assert unicodedata.normalize("NFC", action) in words
    for item in brief.actions_planned:
        assert item.action[1:] in words  # "Tiếp theo, mình sẽ gửi mẫu…": lower-cased
    for ch in brief.official_channels:
        assert ch in words
    if brief.next_update:
        assert brief.next_update in words
    if brief.contact:
        assert brief.contact in words
    if channel != "x":  # an X thread is posted from the speaker's own account
        assert brief.speaker.name in words


@pytest.mark.parametrize("brief_id,kind,channel", COMBOS)
def test_restricted_items_never_appear(brief_id, kind, channel):
    brief, _, text = draft(brief_id, kind, channel)
    for phrase in restricted_items(brief):
        assert not mentions(text, phrase), phrase
    # the dropped facts leave no trace either
    for fact in brief.confirmed_facts:
        if fact not in kept(brief.confirmed_facts, brief):
            assert fold_plain(fact)[:25] not in fold_plain(text)


@pytest.mark.parametrize("brief_id,kind,channel", COMBOS)
def test_investigation_only_as_being_checked(brief_id, kind, channel):
    brief, request, text = draft(brief_id, kind, channel)
    blocks = parse_thread(text) or paragraphs(text)
    for item in brief.under_investigation:
        core = item.rstrip(".")[1:]  # the first letter may be lower-cased after a colon
        holders = [b for b in blocks if core in re.sub(r"\s+", " ", b)]
        assert holders, f"{item!r} is missing"
        for block in holders:
            assert any(w in block for w in CHECKING_WORDS[request.language]), block


@pytest.mark.parametrize("brief_id,kind,channel", COMBOS)
def test_no_template_leftovers(brief_id, kind, channel):
    brief, request, text = draft(brief_id, kind, channel)
    for leftover in ("{{", "}}", "{%", "%}", "{#", "None", "[]", "''", ": .", " .", " ,", "..", "  ", "( )", "()"):
        assert leftover not in text, leftover
    for line in text.splitlines():
        assert line == line.rstrip()
        assert line.strip() not in {"-", "- .", ".", ":"}
        assert not re.match(r".*:\s*$", line) or re.match(r"^(- |.*:$)", line)
    assert "\n\n\n" not in text


@pytest.mark.parametrize("brief_id,kind,channel", COMBOS)
def test_no_numbers_outside_the_brief(brief_id, kind, channel):
    brief, request, text = draft(brief_id, kind, channel)
    body = flat(text)
    body = re.sub(r"^(Kịch bản video|Video script) — [^)]*\)", "", body)
    if channel == "press_release":  # the dateline carries the date of issue
        body = body.replace(text.splitlines()[2], "")
    allowed = set(re.findall(r"\d+", brief.model_dump_json())) | {str(request.update_number)}
    for number in re.findall(r"\d+", body):
        assert number in allowed or number.lstrip("0") in allowed, number


@pytest.mark.parametrize("brief_id", [b for b in BRIEFS if b.endswith("_vi")])
@pytest.mark.parametrize("kind", KINDS)
def test_vietnamese_is_nfc_with_diacritics(brief_id, kind):
    for channel in CHANNELS:
        _, _, text = draft(brief_id, kind, channel)
        assert unicodedata.is_normalized("NFC", text)
        assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text)
        assert any(w in text for w in ("được", "những", "thông tin"))


def test_nfd_brief_gives_the_same_statement_as_nfc():
    nfc = load_brief(EXAMPLES / "brief.vi.yaml")
    nfd = _nfd_brief(EXAMPLES / "brief.vi.yaml")
    for kind in KINDS:
        a = render_offline(build_request(nfc, kind, "facebook"))
        b = render_offline(build_request(nfd, kind, "facebook"))
        assert a == b


def test_deterministic():
    brief = load_brief(EXAMPLES / "brief.en.yaml")
    request = build_request(brief, "holding", "x")
    assert render_offline(request) == render_offline(request)


# ------------------------------------------------------------------ voice, fault, kinds

@pytest.mark.parametrize(
    "brief_id,lang,present,absent",
    [
        ("example_vi", "vi", ["Mình xin lỗi vì phần việc thuộc về mình"], ["chúng tôi", "Chúng tôi", "Tôi "]),
        ("example_en", "en", ["I understand your concern", "will not speculate about the cause"], ["take responsibility", "got this wrong", "We "]),
        ("brand_en", "en", ["We sincerely apologise", "we take responsibility for what happened"], [" I ", "I am", "Glow Lab advert"]),
        ("management_vi", "vi", ["Chúng tôi hiểu vì sao quý vị", "Kính gửi quý vị,", "Trân trọng,"], [" tôi xin lỗi", "Tôi ", "ca sĩ Minh Anh đã tự ý"]),
        ("minimal_vi", "vi", ["kết luận khi chưa đủ thông tin"], ["nhận trách nhiệm", "cập nhật tiếp", "Hà My ngày 15/11"]),
    ],
)
def test_holding_voice_and_fault(brief_id, lang, present, absent):
    _, _, text = draft(brief_id, "holding", "facebook")
    for phrase in present:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


@pytest.mark.parametrize(
    "fault,lang,present,absent",
    [
        ("established", "en", ["take responsibility for what happened"], ["will not speculate about the cause"]),
        ("partial", "en", ["apologise for my part"], ["take responsibility"]),
        ("disputed", "en", ["will not draw conclusions"], ["take responsibility", "my part"]),
        ("unknown", "en", ["will not speculate about the cause"], ["take responsibility", "my part"]),
        ("none", "en", ["share clearly what has been confirmed"], ["apologise", "sorry", "responsibility"]),
        ("established", "vi", ["nhận trách nhiệm về những gì đã xảy ra"], ["phỏng đoán về nguyên nhân"]),
        ("partial", "vi", ["xin lỗi vì phần việc thuộc về mình"], ["nhận trách nhiệm"]),
        ("disputed", "vi", ["kết luận khi chưa đủ thông tin"], ["nhận trách nhiệm", "phần việc thuộc về"]),
        ("unknown", "vi", ["sẽ không phỏng đoán về nguyên nhân"], ["nhận trách nhiệm", "phần việc thuộc về"]),
        ("none", "vi", ["chia sẻ rõ những gì đã được xác nhận"], ["xin lỗi", "trách nhiệm"]),
    ],
)
def test_acknowledgment_follows_fault(fault, lang, present, absent):
    data = load_brief(EXAMPLES / f"brief.{lang}.yaml").model_dump()
    data["fault"] = fault
    text = render_offline(build_request(validate_brief(data), "holding", "facebook"))
    for phrase in present:
        assert phrase in text
    for phrase in absent:
        assert phrase not in text


@pytest.mark.parametrize("lang,date_text", [("vi", "27/11/2026"), ("en", "24 November 2026")])
def test_due_dates_formatted_and_next_update_verbatim(lang, date_text):
    brief = load_brief(EXAMPLES / f"brief.{lang}.yaml")
    text = render_offline(build_request(brief, "holding", "email"))
    assert date_text in text
    assert brief.next_update in text
    assert "2026-11" not in text  # no ISO dates in a statement


@pytest.mark.parametrize(
    "lang,previous,expected",
    [
        ("en", [], "Update 1"),
        ("en", ["Update 3: the batch test is under way."], "Update 4"),
        ("en", ["first statement", "second statement"], "Update 3"),
        ("vi", ["CẬP NHẬT SỐ 2: ..."], "Cập nhật số 3"),
        ("vi", [unicodedata.normalize("NFD", "Cập nhật số 5"), "Cap nhat so 1"], "Cập nhật số 6"),
    ],
)
def test_update_numbering(lang, previous, expected):
    brief = load_brief(EXAMPLES / f"brief.{lang}.yaml")
    for channel in ("facebook", "x", "email"):
        text = render_offline(build_request(brief, "update", channel, previous=previous))
        assert expected in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_update_says_what_changed_since_previous(lang):
    brief = load_brief(EXAMPLES / f"brief.{lang}.yaml")
    first = render_offline(build_request(brief, "holding", "facebook"))
    again = render_offline(build_request(brief, "update", "facebook", previous=[first]))
    nothing_new = "chưa có thông tin nào được xác nhận thêm" if lang == "vi" else "Nothing new has been confirmed"
    assert nothing_new in again
    partial = f"{brief.confirmed_facts[0]}"
    text = render_offline(build_request(brief, "update", "facebook", previous=[partial]))
    new_label = "Điểm mới kể từ thông báo trước:" if lang == "vi" else "New since the last statement:"
    new_block = text.split(new_label, 1)[1].split("\n\n", 1)[0]
    assert brief.confirmed_facts[1] in new_block
    assert brief.confirmed_facts[0] not in new_block
    still = "vẫn giữ nguyên:" if lang == "vi" else "still standing:"
    assert text.count(brief.confirmed_facts[0]) == 1  # repeated once, as what still stands
    assert brief.confirmed_facts[0] in text.split(still, 1)[1].split("\n\n", 1)[0]
    assert new_label not in render_offline(build_request(brief, "update", "facebook"))


@pytest.mark.parametrize(
    "brief_id,paused_line",
    [
        ("example_vi", "hoạt động quảng bá liên quan hiện đang tạm dừng"),
        ("example_en", "the related promotional activity is paused"),
        ("brand_en", "the related promotional activity is paused"),  # "Removed the advert"
    ],
)
def test_sponsor_notice_pauses_only_when_actions_say_so(brief_id, paused_line):
    _, _, text = draft(brief_id, "sponsor_notice", "email")
    assert paused_line in text
    assert text.splitlines()[2] in ("Kính gửi Quý đối tác,", "Dear partners,")
    _, _, rumour = draft("management_vi", "sponsor_notice", "email")
    assert "tạm dừng" not in rumour


def test_empty_lists_make_sentences_disappear():
    _, _, text = draft("minimal_vi", "holding", "facebook")
    for gone in ("Những điều đã được xác nhận", "Về phía", "Sắp tới", "Thông tin chính thức", "liên hệ", "cập nhật tiếp theo"):
        assert gone not in text
    assert "sẽ cập nhật ngay khi có thông tin mới" in text


def test_statement_date_in_press_release_dateline():
    brief = load_brief(EXAMPLES / "brief.en.yaml")
    text = render_offline(build_request(brief, "holding", "press_release", statement_date=dt.date(2026, 11, 19)))
    assert text.splitlines()[2] == "HO CHI MINH CITY, 19 November 2026 — Maya Tran has issued the following statement."


def test_brief_text_is_never_template_code():
    data = load_brief(EXAMPLES / "brief.en.yaml").model_dump()
    data["confirmed_facts"] = ["The label said {{ 7 * 7 }} and {% if true %}yes{% endif %}."]
    data["incident"]["account"] = "I wrote {{ speaker_name.__class__ }} on my channel."
    text = render_offline(build_request(validate_brief(data), "holding", "facebook"))
    assert "The label said {{ 7 * 7 }} and {% if true %}yes{% endif %}." in text
    assert "I wrote {{ speaker_name.__class__ }} on my channel." in text
    assert "49" not in text and "<class" not in text


def test_instagram_over_the_limit_keeps_facts_next_update_channels_and_contact():
    data = load_brief(EXAMPLES / "brief.en.yaml").model_dump()
    data["confirmed_facts"] = [f"Confirmed point {i}: " + "the details of this point are long. " * 6 for i in range(12)]
    brief = validate_brief(data)
    form = offline_form(build_request(brief, "holding", "instagram"))
    assert len(form.text) <= INSTAGRAM_CAPTION_LIMIT
    assert any("10 item(s) left out" in w for w in form.warnings)  # the reviewer is told
    assert "10 more item(s)) is on the official channels" in form.text  # and so is the reader
    for kept in (brief.next_update, brief.contact, "mayacooks.com/updates", "Confirmed point 1:"):
        assert kept in form.text, kept


# ------------------------------------------------------------------ templates


def test_strict_undefined_raises():
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string("Hello {{ missing }}").render()
    brief = load_brief(EXAMPLES / "brief.vi.yaml")
    context = build_context(build_request(brief, "holding", "facebook"))
    del context["next_update"]
    with pytest.raises(ConfigError, match=r"prompts/offline/vi/holding.j2.*next_update"):
        render("offline/vi/holding.j2", prose=False, **context)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_offline_template_exists(lang):
    for name in [*KINDS, "heading", *(f"channel_{c}" for c in CHANNELS)]:
        assert (PROMPTS_DIR / "offline" / lang / f"{name}.j2").is_file()


# ------------------------------------------------------------------ guardrails


def _scanner_ready() -> bool:
    rules = Path(__file__).resolve().parent.parent / "guardrails" / "rules"
    return all((rules / f"{lang}.yaml").is_file() for lang in ("vi", "en"))


@pytest.mark.skipif(not _scanner_ready(), reason="guardrails rule packs not landed yet")
@pytest.mark.parametrize("brief_id,kind,channel", COMBOS)
def test_guardrails_find_nothing_for_the_lawyer(brief_id, kind, channel):
    from guardrails import scan

    brief, request, text = draft(brief_id, kind, channel)
    report = scan(text, brief=brief, lang=request.language, kind=kind)
    lawyer = [(f.category, f.text) for f in report.findings if f.route == "lawyer"]
    assert lawyer == []


@pytest.mark.skipif(not _scanner_ready(), reason="guardrails rule packs not landed yet")
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fault", ["established", "partial", "disputed", "unknown", "none"])
@pytest.mark.parametrize("role", ["kol", "management", "brand"])
def test_guardrails_clean_for_every_fault_and_role(lang, fault, role):
    from guardrails import scan

    data = load_brief(EXAMPLES / f"brief.{lang}.yaml").model_dump()
    data["fault"] = fault
    data["speaker"]["role"] = role
    brief = validate_brief(data)
    for kind in KINDS:
        text = render_offline(build_request(brief, kind, "facebook"))
        report = scan(text, brief=brief, lang=lang, kind=kind)
        lawyer = [(f.category, f.text) for f in report.findings if f.route == "lawyer"]
        pr = [(f.category, f.text) for f in report.findings if f.route == "pr"]
        assert (kind, lawyer, pr) == (kind, [], [])


@pytest.mark.parametrize(
    "voice,present,absent",
    [
        ("thân mật, gần gũi", ["Mình đã đọc", "Thân mến,"], ["Tôi "]),
        ("than mat, gan gui", ["Mình đã đọc"], ["Tôi "]),  # a voice note typed without diacritics
        ("trang trọng", ["Tôi đã đọc", "Kính gửi mọi người,", "Trân trọng,"], ["Mình ", "Thân mến"]),
        (None, ["Tôi đã đọc", "Gửi mọi người,", "Thân mến,"], ["Mình "]),
        ('nhẹ nhàng, xưng "em", gọi người xem là mọi người', ["Em đã đọc", "Em xin lỗi"], ["Mình ", "Tôi "]),
        ("xưng Linh với các bạn", ["Linh đã đọc", "Linh xin lỗi"], ["Mình ", "Tôi "]),
    ],
)
def test_old_brief_voice_note_sets_pronoun_and_register(voice, present, absent):
    """A brief without the structured fields: the free-text voice decides."""
    data = load_brief(EXAMPLES / "brief.vi.yaml").model_dump()
    data["speaker"]["voice"] = voice
    data["speaker"]["self_reference"] = data["speaker"]["audience"] = data["incident"]["account"] = None
    text = render_offline(build_request(validate_brief(data), "holding", "facebook"))
    for phrase in present:
        assert phrase in text
    for phrase in absent:
        assert phrase not in text


@pytest.mark.parametrize(
    "lang,next_update,sentence",
    [
        ("vi", "20:00 ngày 24/11/2026", "Mình sẽ cập nhật tiếp vào 20:00 ngày 24/11/2026, hoặc sớm hơn nếu có thông tin mới."),
        ("vi", "Thứ Sáu, 28/11/2026", "cập nhật tiếp vào Thứ Sáu, 28/11/2026, hoặc"),
        ("vi", "lúc 9 giờ sáng mai.", "cập nhật tiếp lúc 9 giờ sáng mai, hoặc"),
        ("vi", "Khi có kết quả kiểm nghiệm", "lần cập nhật tiếp theo: Khi có kết quả kiểm nghiệm."),
        ("en", "8 pm on 21 November 2026", "I will post the next update at 8 pm on 21 November 2026, or sooner if there is news."),
        ("en", "21 November 2026, 8 pm", "the next update on 21 November 2026, 8 pm, or"),
        ("en", "Friday 28 November 2026, 5 pm", "the next update on Friday 28 November 2026, 5 pm, or"),
        ("en", "by the end of the week", "the next update by the end of the week, or"),
        ("en", "As soon as the lab reports", "Next update: As soon as the lab reports."),
    ],
)
def test_next_update_is_quoted_verbatim_with_a_natural_lead(lang, next_update, sentence):
    data = load_brief(EXAMPLES / f"brief.{lang}.yaml").model_dump()
    data["next_update"] = next_update
    text = render_offline(build_request(validate_brief(data), "holding", "facebook"))
    assert sentence in text


@pytest.mark.parametrize(
    "lang,due,expected",
    [
        ("vi", "2026-11-27", "(dự kiến ngày 27/11/2026)"),
        ("vi", "2026-11-27T09:30:00+07:00", "(dự kiến 09:30 ngày 27/11/2026)"),
        ("en", "2026-11-27", "(expected by 27 November 2026)"),
        ("en", "2026-11-27T18:00:00+07:00", "(expected by 27 November 2026, 18:00)"),
    ],
)
def test_due_dates_and_times(lang, due, expected):
    data = load_brief(EXAMPLES / f"brief.{lang}.yaml").model_dump()
    data["actions_planned"] = [{"action": "Publish the test results", "due": due}]
    text = render_offline(build_request(validate_brief(data), "holding", "facebook"))
    assert expected in text


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("scenario", ["offensive_content", "product_issue", "misleading_ad", "personal_conduct",
                                      "charity_finance", "plagiarism", "privacy_leak", "misinformation_about_kol",
                                      "account_compromise", "other"])
def test_closing_has_a_lesson_for_every_scenario(lang, scenario):
    data = load_brief(EXAMPLES / f"brief.{lang}.yaml").model_dump()
    data["incident"]["scenario"] = scenario
    text = render_offline(build_request(validate_brief(data), "closing", "facebook"))
    lead = "bài học mình rút ra rõ nhất là " if lang == "vi" else "The clearest lesson for me: "
    assert re.search(re.escape(lead) + r"\w", text)


def test_items_typed_over_several_lines_become_one_line():
    data = load_brief(EXAMPLES / "brief.en.yaml").model_dump()
    data["confirmed_facts"] = ["12 buyers reported illness\n   to our support line."]
    text = render_offline(build_request(validate_brief(data), "holding", "facebook"))
    assert "12 buyers reported illness to our support line." in text


# ------------------------------------------------------------------ voice fields

@pytest.mark.parametrize(
    "speaker,lang,me,you",
    [
        ({"name": "Bảo Ngọc", "self_reference": "em", "audience": "mọi người"}, "vi", "em", "mọi người"),
        ({"name": "Bảo Ngọc", "self_reference": "em"}, "en", "I", "everyone"),
        ({"name": "Ngọc Hân", "self_reference": {"vi": "Ngọc", "en": "I"}, "audience": {"vi": "các bạn", "en": "you all"}},
         "en", "I", "you all"),
        ({"name": "Ngọc Hân", "voice": 'chân thành, xưng "Ngọc", gọi người xem là "các bạn"'}, "vi", "Ngọc", "mọi người"),
        ({"name": "Mộc Trà", "role": "brand", "self_reference": "chúng tôi", "audience": "quý khách"}, "en", "we", "everyone"),
        ({"name": "Mộc Trà", "role": "brand"}, "vi", "chúng tôi", "quý vị"),
        ({"name": "Linh", "voice": "thân mật"}, "vi", "mình", "mọi người"),
    ],
)
def test_voice_fields_set_the_pronouns(speaker, lang, me, you):
    from assistant.drafting.voice import voice

    brief = validate_brief({"language": "vi", "speaker": speaker, "incident": {"title": "T", "summary": "S"}, "fault": "none"})
    p = voice(brief, lang)
    assert (p["I"], p["you"]) == (me, you)


@pytest.mark.parametrize(
    "name,role,lang,text,expected",
    [
        ("Bảo Ngọc", "kol", "vi", "Khách mua qua đường link trên kênh của Bảo Ngọc bị nổi mẩn.",
         "Khách mua qua đường link trên kênh của em bị nổi mẩn."),
        ("Linh Nguyễn", "kol", "vi", "Serum do Linh quảng cáo; xem Trang Facebook Linh Nguyễn Official.",
         "Serum do em quảng cáo; xem Trang Facebook Linh Nguyễn Official."),
        ("Maya Tran", "kol", "en", "Viewers wrote to Maya. Maya has paused the kit promoted on Maya's channel.",
         "Viewers wrote to me. I have paused the kit promoted on my channel."),
        ("Glow Lab", "brand", "en", "Glow Lab is sorry; see glowlab.example and email care@glowlab.example.",
         "We are sorry; see glowlab.example and email care@glowlab.example."),
        ("Maya Tran", "kol", "en", "Maya Chen from the lab called.", "Maya Chen from the lab called."),
    ],
)
def test_items_that_name_the_speaker_are_retold_in_their_voice(name, role, lang, text, expected):
    from assistant.drafting.voice import first_person

    we = role != "kol"
    p = ({"I": "we", "me": "us", "my": "our"} if we else {"I": "I", "me": "me", "my": "my"}) if lang == "en" else {"I": "em"}
    assert first_person(text, name, role, lang, p) == expected
