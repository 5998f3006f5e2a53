"""The GIFT parser over the cases Moodle's own importer tests cover (question/format/gift/tests)."""

from __future__ import annotations

import pytest

from course.interop.gift import GiftError, parse_gift, read_gift


def base(kind: str, prompt: str, **fields) -> dict:
    return {"type": kind, "prompt": prompt, "points": 1, "outcomes": [], **fields}


PARSES = [
    pytest.param(
        "// essay\n::Q8:: How are you? {}",
        base("open", "How are you?"),
        id="essay",
    ),
    pytest.param(
        "// [min_words:50]\n::Q8::[markdown]Opisz **sytuację**.{####Zob. lekcję 2.}",
        base("open", "Opisz **sytuację**.", feedback="Zob. lekcję 2.", min_words=50),
        id="essay-with-general-feedback-and-min-words",
    ),
    pytest.param(
        "// question: 2  name: Moodle activities\n"
        "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
        "    =[html]An activity supporting asynchronous discussions. -> Forum\n"
        "    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice\n"
        "    =[plain]A bank of record entries which participants can add to. -> Database\n"
        "    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n"
        "    = -> Chat\n"
        "}",
        base("matching", "Match the <b>activity</b> to the description.", pairs=[
            {"id": "p1", "left": "An activity supporting asynchronous discussions.", "right": "Forum"},
            {"id": "p2", "left": "A teacher asks a question and specifies a choice of multiple responses.", "right": "Choice"},
            {"id": "p3", "left": "A bank of record entries which participants can add to.", "right": "Database"},
            {"id": "p4", "left": "A collection of web pages that anyone can add to or edit.", "right": "Wiki"},
        ], distractors=["Chat"]),
        id="matching-with-formats-and-distractor",
    ),
    pytest.param(
        "// multiple choice with specified feedback for right and wrong answers\n"
        "::Q2:: What's between orange and green in the spectrum?\n"
        "{\n    =yellow # right; good!\n    ~red # [html]wrong, it's yellow\n    ~[plain]blue # wrong, it's yellow\n}",
        base("single", "What's between orange and green in the spectrum?", options=[
            {"id": "a", "text": "yellow", "fraction": 1, "feedback": "right; good!"},
            {"id": "b", "text": "red", "fraction": 0, "feedback": "wrong, it's yellow"},
            {"id": "c", "text": "blue", "fraction": 0, "feedback": "wrong, it's yellow"},
        ]),
        id="single-with-answer-feedback",
    ),
    pytest.param(
        "::Q::Pick.{=A ~%50%B ~%33.33333%C ~D}",
        base("single", "Pick.", options=[
            {"id": "a", "text": "A", "fraction": 1}, {"id": "b", "text": "B", "fraction": 0.5},
            {"id": "c", "text": "C", "fraction": 0.3333333}, {"id": "d", "text": "D", "fraction": 0},
        ]),
        id="single-with-partial-credit",
    ),
    pytest.param(
        "::colours:: What's between orange and green in the spectrum?\n{\n"
        "    ~%50%yellow # right; good!\n    ~%-100%red # [html]wrong\n"
        "    ~%50%off-beige # right; good!\n    ~%-100%[plain]blue # wrong\n}",
        base("multiple", "What's between orange and green in the spectrum?", options=[
            {"id": "a", "text": "yellow", "correct": True, "feedback": "right; good!"},
            {"id": "b", "text": "red", "correct": False, "feedback": "wrong"},
            {"id": "c", "text": "off-beige", "correct": True, "feedback": "right; good!"},
            {"id": "d", "text": "blue", "correct": False, "feedback": "wrong"},
        ]),
        id="multiple-with-weights",
    ),
    pytest.param(
        "::M::Which?{~%33.33333%A ~%33.33333%B ~%33.33333%C ~%-33.33333%D ~E}",
        base("multiple", "Which?", options=[
            {"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B", "correct": True},
            {"id": "c", "text": "C", "correct": True}, {"id": "d", "text": "D", "correct": False},
            {"id": "e", "text": "E", "correct": False},
        ]),
        id="multiple-thirds-and-unweighted-wrong",
    ),
    pytest.param(
        "// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n"
        "    =Frog\n    =%50%Cat\n    =%0%Dog#\n    ####[html]Here is some general feedback!\n}",
        base("short", "Which is the best animal?", feedback="Here is some general feedback!", answers=[
            {"text": "Frog", "fraction": 1}, {"text": "Cat", "fraction": 0.5}, {"text": "Dog", "fraction": 0},
        ]),
        id="short-with-weights-and-general-feedback",
    ),
    pytest.param(
        "// [ignore_diacritics:true]\nStolica Polski?{Warszawa}",
        base("short", "Stolica Polski?", answers=[{"text": "Warszawa", "fraction": 1}], ignore_diacritics=True),
        id="short-without-equals-and-ignore-diacritics",
    ),
    pytest.param("::2-08 TSL::TSL is blablabla.{T}", base("truefalse", "TSL is blablabla.", answer=True), id="true-T"),
    pytest.param("::2-08 TSL::TSL is blablabla.{TRUE}", base("truefalse", "TSL is blablabla.", answer=True), id="true-TRUE"),
    pytest.param("Grant is buried in Grant's tomb.{F}", base("truefalse", "Grant is buried in Grant's tomb.", answer=False), id="false-F"),
    pytest.param("Grant is buried in Grant's tomb.{FALSE}", base("truefalse", "Grant is buried in Grant's tomb.", answer=False), id="false-FALSE"),
    pytest.param(
        "// true/false\n::Q1:: 42 is the Absolute Answer to everything.{\nFALSE#42 is the Ultimate Answer.#You gave the right answer.}",
        base("truefalse", "42 is the Absolute Answer to everything.", answer=False,
             feedback_true="42 is the Ultimate Answer.", feedback_false="You gave the right answer."),
        id="false-with-wrong-and-right-feedback",
    ),
    pytest.param(
        "Testy mogą zawieść.{TRUE#Jednak mogą.#Słusznie.####Ogólnie.}",
        base("truefalse", "Testy mogą zawieść.", answer=True, feedback_true="Słusznie.", feedback_false="Jednak mogą.", feedback="Ogólnie."),
        id="true-with-both-feedbacks-and-general",
    ),
    pytest.param("Zdanie.{T##Dobrze.}", base("truefalse", "Zdanie.", answer=True, feedback_true="Dobrze."), id="true-right-feedback-only"),
    pytest.param(
        r"::Esc::[markdown]A \\ B \\\\ C \: \# \= \~ \{ \} D\nE{=x \= y \# 1#fb \{ok\} ~%50%z\~}",
        base("single", "A \\ B \\\\ C : # = ~ { } D\nE", options=[
            {"id": "a", "text": "x = y # 1", "fraction": 1, "feedback": "fb {ok}"},
            {"id": "b", "text": "z~", "fraction": 0.5},
        ]),
        id="escapes",
    ),
    pytest.param(
        r"::double backslash:: A \\ B \\\\ C{}",
        base("open", "A \\ B \\\\ C"),
        id="backslash",
    ),
    pytest.param(
        r"::m::[markdown]**Pogrubienie**\n\n- punkt a\n- punkt b\n\n[link](https\://example.org){T}",
        base("truefalse", "**Pogrubienie**\n\n- punkt a\n- punkt b\n\n[link](https://example.org)", answer=True),
        id="markdown-with-escaped-newlines",
    ),
    pytest.param(
        "::Q001::[html]<p>What would running the test method print?</p>\n<pre>\n    public void test() \\{\n"
        "        method1();\n    \\}\n</pre>\n{}",
        # Moodle trims every line of a question (qformat_default::readquestions), so indentation is lost.
        base("open", "<p>What would running the test method print?</p>\n<pre>\npublic void test() {\nmethod1();\n}\n</pre>"),
        id="multi-line-question",
    ),
    pytest.param(
        "Grant is {~buried =entombed ~living} in Grant's tomb.",
        base("single", "Grant is _____ in Grant's tomb.", options=[
            {"id": "a", "text": "buried", "fraction": 0}, {"id": "b", "text": "entombed", "fraction": 1},
            {"id": "c", "text": "living", "fraction": 0},
        ]),
        id="missing-word",
    ),
    pytest.param(
        "// question: 1  name: x\n// [id:M9_01-k09] [tag:M9_01.W1] [tag:M9_01.U1]\n"
        "// [tag:M9_01.W1] [points:2.5] [lesson:M9_01/pierwsza] [id:ignored]\n::name::Q?{T}",
        {"id": "M9_01-k09", "type": "truefalse", "prompt": "Q?", "points": 2.5, "outcomes": ["M9_01.W1", "M9_01.U1"],
         "lesson": "M9_01/pierwsza", "answer": True},
        id="comments-idnumber-tags",
    ),
    pytest.param(r"// [id:a\]b]" "\nQ?{T}", {"id": "a]b", **base("truefalse", "Q?", answer=True)}, id="idnumber-with-escaped-bracket"),
]


@pytest.mark.parametrize(("gift", "expected"), PARSES)
def test_parse(gift, expected):
    assert parse_gift(gift) == [expected]


def test_blocks_comments_categories_crlf_and_bom():
    gift = (
        "\ufeff// only a comment\r\n\r\n$CATEGORY: $course$/top/Rozdział 1\r\n\r\n::a::Pierwsze{T}\r\n\r\n\r\n"
        "// $CATEGORY: ignored, it is a comment\r\n::b::Drugie{F}\r\n\r\n$CATEGORY: $course$/M9_01-skills\r\n\r\n::c::Trzecie{T}\r\n"
    )
    questions = read_gift(gift)
    assert [(q.line, q.category, q.item["prompt"]) for q in questions] == [
        (5, "$course$/top/Rozdział 1", "Pierwsze"),
        (9, "$course$/top/Rozdział 1", "Drugie"),
        (13, "$course$/M9_01-skills", "Trzecie"),
    ]


def test_empty_and_comment_only_input_has_no_questions():
    assert parse_gift("") == []
    assert parse_gift("// nothing\n// here\n\n\n") == []


ERRORS = [
    pytest.param("::a::Q{T}\n\n::b::Pytanie {=x ~y\n", 3, "exactly one answer block", id="unclosed-brace"),
    pytest.param("Q{T} and {F}", 1, "exactly one answer block", id="two-answer-blocks"),
    pytest.param("\n\n::a:Q{T}", 3, "not closed", id="unclosed-name"),
    pytest.param("// c\n::a::Just a description.", 2, "descriptions", id="description"),
    pytest.param("::n::What is a number from 1 to 5? {#3:2}", 1, "numerical", id="numerical"),
    pytest.param("Q{=a ~%abc%b}", 1, "malformed weight", id="malformed-weight"),
    pytest.param("Q{=a ~%150%b}", 1, "malformed weight", id="weight-over-100"),
    pytest.param("Q{=%50%a ~b}", 1, "partial credit", id="equals-with-weight"),
    pytest.param("Q{=a ~%-50%b}", 1, "negative", id="negative-weight-in-single"),
    pytest.param("Q{~only}", 1, "at least two answers", id="one-choice"),
    pytest.param("Q{foo ~a =b}", 1, "before the first answer", id="text-before-answers"),
    pytest.param("Q{=a ~~b}", 1, "empty", id="empty-answer"),
    pytest.param("Q{=a -> 1 =b}", 1, "=left -> right", id="matching-without-arrow"),
    pytest.param("Q{=Frog#Good! =%50%Cat}", 1, "general feedback", id="short-answer-feedback"),
    pytest.param("Q{=%-50%Frog}", 1, "weight from 0%", id="short-negative-weight"),
    pytest.param("::a::{T}", 1, "no text", id="no-question-text"),
    pytest.param("$CATEGORY: $course$/x\n::a::Q{T}", 1, "blank line", id="category-not-alone"),
    pytest.param("// [points:dwa]\nQ{T}", 2, "must be a number", id="bad-points"),
]


@pytest.mark.parametrize(("gift", "line", "message"), ERRORS)
def test_malformed_input_names_the_line(gift, line, message):
    with pytest.raises(GiftError) as caught:
        parse_gift(gift)
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"line {line}: ")
