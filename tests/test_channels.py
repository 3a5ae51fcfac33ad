"""Channel forms: X threads, Instagram limit, video duration, press release and e-mail
checks — with tricky text (Vietnamese punctuation, "…", emoji, URLs, e-mails,
abbreviations, line breaks, over-long sentences)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from assistant.catalog import CHANNELS, INSTAGRAM_CAPTION_LIMIT, X_POST_LIMIT
from assistant.drafting.channels import (
    SPEECH_RATES,
    parse_thread,
    split_sentences,
    split_thread,
    spoken_seconds,
    to_channel_form,
)


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Chào mọi người. Tôi là Linh!", ["Chào mọi người.", "Tôi là Linh!"]),
        ("Có thật không? Có.", ["Có thật không?", "Có."]),
        ("Tôi đã nghĩ… Rồi tôi hiểu.", ["Tôi đã nghĩ…", "Rồi tôi hiểu."]),
        ("Tôi đã nghĩ... và rồi hiểu ra.", ["Tôi đã nghĩ... và rồi hiểu ra."]),
        ("Liên hệ hotro@linhnguyen.vn hoặc xem mayacooks.com/updates. Cảm ơn.",
         ["Liên hệ hotro@linhnguyen.vn hoặc xem mayacooks.com/updates.", "Cảm ơn."]),
        ("Xem https://example.com/a.b?c=1. Xong.", ["Xem https://example.com/a.b?c=1.", "Xong."]),
        ("Văn phòng ở TP. Hồ Chí Minh. Mở cửa 8 giờ.", ["Văn phòng ở TP. Hồ Chí Minh.", "Mở cửa 8 giờ."]),
        ("Mr. Smith met Dr. Lee, e.g. at noon. They talked.", ["Mr. Smith met Dr. Lee, e.g. at noon.", "They talked."]),
        ("Giá 1.5 triệu. Hết.", ["Giá 1.5 triệu.", "Hết."]),
        ("He said “stop.” Then left.", ["He said “stop.”", "Then left."]),
        ("Cảm ơn mọi người 🙏. Hẹn gặp lại!", ["Cảm ơn mọi người 🙏.", "Hẹn gặp lại!"]),
        ("Gặp J. Smith hôm nay. Xong.", ["Gặp J. Smith hôm nay.", "Xong."]),
        ("No final stop here", ["No final stop here"]),
    ],
)
def test_split_sentences(line, expected):
    assert split_sentences(line) == expected


def _words(text: str) -> list[str]:
    posts = parse_thread(text)
    if posts:
        text = "\n".join(re.sub(r"^\d+/\d+\s", "", p) for p in posts)
    return text.split()


LONG_VI = " ".join(
    f"Câu số {i} nói về việc kiểm tra lô hàng, liên hệ hotro@linhnguyen.vn, xem linh.example/cap-nhat… và chờ kết quả 🙏."
    for i in range(1, 30)
)
ONE_LONG_SENTENCE = "Chúng tôi đang làm việc với " + ", ".join(f"đơn vị thứ {i} trong chuỗi cung ứng" for i in range(40)) + "."
NO_CLAUSES = "word " * 200 + "end."
HUGE_URL = "See https://example.com/" + "a" * 600 + " now."
BULLETS = "Những điều đã xác nhận:\n- Một.\n- Hai.\n\nTiếp theo:\n- Ba."
EMOJI = "🙏 " * 300


@pytest.mark.parametrize(
    "text",
    [LONG_VI, ONE_LONG_SENTENCE, NO_CLAUSES, HUGE_URL, BULLETS, EMOJI, "Ngắn gọn.", "A" * 280, "x" * 281],
    ids=["long_vi", "one_long_sentence", "no_clauses", "huge_url", "bullets", "emoji", "short", "exactly280", "281"],
)
def test_x_thread_posts_are_numbered_and_within_limit(text):
    posts = split_thread(text)
    assert posts
    for i, post in enumerate(posts, 1):
        assert post.startswith(f"{i}/{len(posts)} ")
        assert len(post) <= X_POST_LIMIT
    # nothing lost, nothing added (a hard-cut URL is the only thing split inside a word)
    if text is not HUGE_URL and not text.startswith(("A" * 280, "x" * 281)):
        assert _words("\n\n".join(posts)) == text.split()
    else:
        assert "".join(_words("\n\n".join(posts))) == "".join(text.split())
    # splitting the thread again gives the same posts
    assert split_thread("\n\n".join(posts)) == posts
    form = to_channel_form(text, "x", "vi")
    assert form.posts == posts and form.text == "\n\n".join(posts) and form.limit == X_POST_LIMIT


def test_thread_with_many_posts_uses_two_digit_numbers_within_limit():
    text = " ".join(f"Sentence {i} " + "padding words here " * 12 + "." for i in range(40))
    posts = split_thread(text)
    assert len(posts) >= 10
    assert posts[9].startswith(f"10/{len(posts)} ")
    assert all(len(p) <= X_POST_LIMIT for p in posts)


def test_sentences_are_not_cut_when_they_fit():
    text = LONG_VI
    sentences = split_sentences(text)
    joined = "\n".join(re.sub(r"^\d+/\d+\s", "", p) for p in split_thread(text))
    for s in sentences:
        assert s in joined  # every sentence stays whole inside one post


def test_model_numbered_thread_with_a_long_post_is_resplit():
    text = "1/2 " + "Một câu dài về sự việc. " * 30 + "\n\n2/2 Cảm ơn mọi người."
    posts = split_thread(text)
    assert len(posts) == 3 and all(len(p) <= X_POST_LIMIT for p in posts)
    assert [p[:4] for p in posts] == ["1/3 ", "2/3 ", "3/3 "]
    assert "1/2" not in "".join(posts) and "2/2" not in "".join(posts)
    assert posts[-1].endswith("Cảm ơn mọi người.")


def test_a_line_starting_with_a_date_is_not_a_post_number():
    text = "20/11 là ngày chúng tôi dừng quảng cáo.\n3/4 số khách đã được liên hệ."
    assert parse_thread(text) is None
    posts = split_thread(text)
    assert posts[0].startswith("1/1 20/11 là ngày")


@pytest.mark.parametrize(
    "thread",
    [
        "(1/2) Xin chào.\n\n(2/2) Bài hai.",
        "[1/2] Xin chào.\n[2/2] Bài hai.",
        "1/2: Xin chào.\n\n\n2/2: Bài hai.",
        "1/2. Xin chào.\n2/2. Bài hai.",
    ],
)
def test_model_numbering_variants_become_canonical(thread):
    assert split_thread(thread) == ["1/2 Xin chào.", "2/2 Bài hai."]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1/3 Một.\n\n2/3 Hai.", ["1/1 Một.\nHai."]),  # a model's thread without its last post
        ("1/3 số khách đã được liên hệ.", ["1/1 1/3 số khách đã được liên hệ."]),  # a fraction, not a number
    ],
)
def test_incomplete_numbering(text, expected):
    assert split_thread(text) == expected


def test_valid_thread_is_kept_as_is():
    thread = "1/2 Xin chào.\nDòng hai của bài một.\n\n2/2 Bài hai."
    assert split_thread(thread) == ["1/2 Xin chào.\nDòng hai của bài một.", "2/2 Bài hai."]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_instagram_trims_at_a_sentence_boundary_with_a_warning(lang):
    sentence = "Đây là một câu đầy đủ về sự việc." if lang == "vi" else "This is a complete sentence about it."
    text = "\n\n".join(" ".join([sentence] * 5) for _ in range(20))
    assert len(text) > INSTAGRAM_CAPTION_LIMIT
    form = to_channel_form(text, "instagram", lang)
    assert len(form.text) <= INSTAGRAM_CAPTION_LIMIT
    assert form.text.endswith(sentence)
    assert text.startswith(form.text)
    assert len(form.warnings) == 1 and str(INSTAGRAM_CAPTION_LIMIT) in form.warnings[0]
    assert form.posts == [form.text] and form.char_count == len(form.text)
    short = to_channel_form(sentence, "instagram", lang)
    assert short.text == sentence and short.warnings == []


@pytest.mark.parametrize(
    "lang,words,label",
    [
        ("vi", 160, "(khoảng 1 phút)"),
        ("vi", 80, "(khoảng 30 giây)"),
        ("en", 140, "(about 1 min)"),
        ("en", 210, "(about 1 min 30 s)"),
        ("en", 1, "(about 5 s)"),
    ],
)
def test_video_script_duration(lang, words, label):
    text = " ".join(["lời"] * words) + "."
    form = to_channel_form(text, "video_script", lang)
    header, _, body = form.text.partition("\n\n")
    assert header.endswith(label)
    assert body == text
    assert form.duration_seconds == pytest.approx(words * 60 / SPEECH_RATES[lang], abs=0.1)
    again = to_channel_form(form.text, "video_script", lang)
    assert again.text == form.text  # the header is replaced, never doubled


def test_a_first_line_that_only_looks_like_a_header_is_kept():
    text = "Video script: hello everyone, this is Maya.\nThank you."
    form = to_channel_form(text, "video_script", "en")
    assert form.text.endswith(text)


def test_spoken_seconds_counts_emails_and_urls_as_one_word():
    assert spoken_seconds("Viết về hotro@linhnguyen.vn hoặc mayacooks.com/updates", "vi") == pytest.approx(5 * 60 / 160, abs=0.1)


@pytest.mark.parametrize(
    "channel,lang,text,warning",
    [
        ("press_release", "en", "Headline\n\nHANOI, 1 December 2026 — X said.\n\nBody.\n\nABOUT X\nX is a brand.\n\nMedia contact:\nA", None),
        ("press_release", "en", "Headline\n\n1 December 2026 — Body.\n\nAbout X\nX.", "Media contact"),
        ("press_release", "en", "Headline\n\nPRESS RELEASE — X\n\nBody.\n\nAbout X\nX.\n\nMedia contact:\nA", "dateline"),
        ("press_release", "en", "Headline\n\nHANOI, 1 December 2026 — Body.\n\nMedia contact:\nA", "About"),
        ("press_release", "vi", "Tiêu đề\n\nTP. HỒ CHÍ MINH, ngày 01/12/2026 — Nội dung.\n\nVỀ A\nA.\n\nLiên hệ báo chí:\nB", None),
        ("press_release", "vi", "Một đoạn văn dài không có tiêu đề.\n\nngày 01/12/2026 — A.\n\nVề A\nA.\n\nLiên hệ báo chí:\nB", "tiêu đề"),
        ("email", "en", "Subject: Update 2\n\nHello,\n\nBody.", None),
        ("email", "en", "Hello,\n\nBody.", "Subject:"),
        ("email", "vi", "Tiêu đề: Cập nhật\n\nChào bạn.", None),
        ("email", "vi", "Chào bạn.", "Tiêu đề:"),
    ],
)
def test_press_release_and_email_checks(channel, lang, text, warning):
    form = to_channel_form(text, channel, lang)
    assert form.text == text and form.posts == [text]
    if warning is None:
        assert form.warnings == []
    else:
        assert len(form.warnings) == 1 and warning in form.warnings[0]


@pytest.mark.parametrize("channel", [c for c in CHANNELS if c not in ("x", "video_script")])
def test_other_channels_keep_one_post(channel):
    text = "  Một đoạn.\n\nĐoạn hai.  "
    form = to_channel_form(text, channel, "vi")
    assert form.posts == [form.text] == ["Một đoạn.\n\nĐoạn hai."]
    assert form.char_count == len(form.text)


@pytest.mark.parametrize("channel", CHANNELS)
def test_nfd_input_becomes_nfc_and_empty_input_warns(channel):
    form = to_channel_form(unicodedata.normalize("NFD", "Tiêu đề: Xin lỗi mọi người."), channel, "vi")
    assert unicodedata.is_normalized("NFC", form.text)
    empty = to_channel_form("   ", channel, "en")
    assert empty.text == "" and empty.posts == [] and empty.warnings
