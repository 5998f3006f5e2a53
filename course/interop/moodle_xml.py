"""Moodle XML export of our quizzes: one category per quiz, each item as the closest Moodle question type."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from course.domain.questions import MatchingBody, MultipleBody, OpenBody, OrderingBody, ShortBody, SingleBody, TrueFalseBody
from course.domain.quizzes import Item, Quiz

from .gift import moodle_notes, multiple_weight, number, percent

QTYPES = {
    "single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse", "matching": "matching",
    "short": "shortanswer", "open": "essay", "ordering": "ordering",  # ordering: the qtype_ordering plugin
}
MARKDOWN = "markdown"
PLAIN = "moodle_auto_format"


def _value(parent: ET.Element, tag: str, value: object) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = str(value)
    return element


def _text(parent: ET.Element, tag: str, text: str, text_format: str | None = MARKDOWN, **attributes: str) -> ET.Element:
    """Moodle wraps every text in <text>, with the format on the enclosing element."""
    element = ET.SubElement(parent, tag, {**({"format": text_format} if text_format else {}), **attributes})
    _value(element, "text", text)
    return element


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str = "", text_format: str = MARKDOWN) -> None:
    answer = _text(parent, "answer", text, text_format, fraction=fraction)
    _text(answer, "feedback", feedback)


def _rubric(body: OpenBody) -> str:
    """The rubric as Markdown grader information: Moodle essays have no structured rubric."""
    lines = []
    for criterion in body.rubric:
        lines.append(f"- **{criterion.criterion}**")
        lines += [f"    - {number(level.points)}: {level.description}" for level in criterion.levels]
    return "\n".join(lines)


def _body(question: ET.Element, quiz: Quiz, body: object) -> None:
    shuffle = "true" if quiz.policy.shuffle else "false"
    if isinstance(body, SingleBody | MultipleBody):
        _value(question, "single", "true" if isinstance(body, SingleBody) else "false")
        _value(question, "shuffleanswers", shuffle)
        _value(question, "answernumbering", "abc")
        weight = multiple_weight(body) if isinstance(body, MultipleBody) else 0.0
        for option in body.options:
            fraction = option.fraction if isinstance(body, SingleBody) else (weight if option.fraction == 1 else -weight)
            _answer(question, percent(fraction), option.text, option.feedback)
    elif isinstance(body, TrueFalseBody):
        _answer(question, "100" if body.answer else "0", "true", body.feedback_true, PLAIN)
        _answer(question, "0" if body.answer else "100", "false", body.feedback_false, PLAIN)
    elif isinstance(body, MatchingBody):
        _value(question, "shuffleanswers", shuffle)
        for left, right in [(p.left, p.right) for p in body.pairs] + [("", text) for _, text in body.distractors]:
            sub = _text(question, "subquestion", left)
            _text(sub, "answer", right, None)
    elif isinstance(body, ShortBody):
        _value(question, "usecase", 0)
        for accepted in body.answers:
            _answer(question, percent(accepted.fraction), accepted.text, text_format=PLAIN)
    elif isinstance(body, OpenBody):
        limit = [("minwordlimit", body.min_words)] if body.min_words else []
        for tag, value in [("responseformat", "editor"), ("responserequired", 1), ("responsefieldlines", 15), *limit,
                           ("attachments", 0), ("attachmentsrequired", 0)]:
            _value(question, tag, value)
        _text(question, "graderinfo", _rubric(body))
        _text(question, "responsetemplate", "")
    elif isinstance(body, OrderingBody):
        # Steps in the correct order; RELATIVE_NEXT_EXCLUDE_LAST is our rule: the share of the n-1 adjacent pairs kept.
        for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", len(body.steps)),
                           ("gradingtype", "RELATIVE_NEXT_EXCLUDE_LAST")):
            _value(question, tag, value)
        for position, step in enumerate(body.steps, start=1):
            _text(question, "answer", step.text, fraction=str(position))


def _question(root: ET.Element, quiz: Quiz, item: Item, notes: list[str]) -> None:
    if item.type not in QTYPES:
        notes.append(f"{item.id}: {item.type} has no Moodle question type; not exported")
        return
    notes.extend(moodle_notes(item))
    question = ET.SubElement(root, "question", type=QTYPES[item.type])
    _value(ET.SubElement(question, "name"), "text", item.id)
    _text(question, "questiontext", item.prompt)
    _text(question, "generalfeedback", item.feedback)
    _value(question, "defaultgrade", number(item.points))
    _value(question, "penalty", f"{quiz.policy.penalty:.7f}")
    _value(question, "hidden", 0)
    _value(question, "idnumber", item.id)
    _body(question, quiz, item.body)
    tags = ET.SubElement(question, "tags")
    for outcome_id in item.outcome_ids:
        _value(ET.SubElement(tags, "tag"), "text", outcome_id)


def export_moodle_xml(quizzes: Iterable[Quiz]) -> tuple[str, list[str]]:
    """A Moodle XML <quiz> document, and a message for every item (or part of one) Moodle cannot carry."""
    root, notes = ET.Element("quiz"), []
    for quiz in quizzes:
        category = ET.SubElement(root, "question", type="category")
        _value(ET.SubElement(category, "category"), "text", f"$course$/{quiz.id}")
        _text(category, "info", quiz.title)
        for item in quiz.items:
            _question(root, quiz, item, notes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode", short_empty_elements=False) + "\n", notes
