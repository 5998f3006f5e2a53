"""GIFT, Moodle's text question format: export our quizzes and parse GIFT back into our YAML items."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from course.domain.questions import MatchingBody, MultipleBody, OpenBody, ShortBody, SingleBody, TrueFalseBody
from course.domain.quizzes import Item, Quiz

# The only answer grades Moodle accepts on import (question_bank::fraction_options_full), and their negatives.
MOODLE_FRACTIONS = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
NOT_IN_GIFT = {
    "ordering": "ordering cannot be expressed in GIFT; use --format moodle-xml",
    "self_rating": "self_rating has no Moodle question type; not exported",
}
_COURSE_LINK = re.compile(r"\]\((?:lesson|glossary|template|outcome):")
_FORMAT = re.compile(r"^\[(moodle|html|plain|markdown)\]")
_SPECIAL = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""}
# Escapes become private-use placeholders while parsing, so that they never act as syntax (Moodle's escapedchar_pre).
_ESCAPE = re.compile(r"\\[\\:#={}~n]")
_HOLD = {f"\\{c}": chr(0xE000 + n) for n, c in enumerate("\\:#={}~n")}
_RESTORE = str.maketrans({chr(0xE000 + n): ("\n" if c == "n" else c) for n, c in enumerate("\\:#={}~n")})
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_TOKEN = re.compile(r"\[(id|tag|points|lesson|min_words|ignore_diacritics):((?:\\\]|[^\]\x00-\x1f])+)\]")


class GiftError(ValueError):
    """Malformed GIFT (or GIFT this course cannot represent), located by the line where the question starts."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class GiftQuestion:
    """One parsed question: the line it starts on, the $CATEGORY in force and the item in our YAML format."""

    line: int
    category: str | None
    item: dict[str, Any]


# -- shared with the Moodle XML exporter ---------------------------------------------------------------
def percent(fraction: float) -> str:
    """A weight as Moodle writes it: a percentage with at most five decimals (1/3 -> "33.33333")."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def moodle_grade(fraction: float) -> bool:
    """Whether Moodle's importer accepts this weight (it refuses grades outside its fixed list)."""
    return any(abs(abs(float(percent(fraction)) / 100) - g) < 1e-5 for g in MOODLE_FRACTIONS)


def number(value: float) -> int | float:
    """1.0 -> 1, so that YAML and GIFT show whole numbers without a decimal point."""
    return int(value) if float(value).is_integer() else round(value, 7)


def multiple_weight(body: MultipleBody) -> float:
    """Each correct option earns 1/c and each wrong one costs 1/c: Moodle's clamped sum then equals our rule exactly."""
    return 1 / len(body.correct_ids)


def moodle_notes(item: Item) -> list[str]:
    """What Moodle (in either format) scores or shows differently from us for this item."""
    notes, body = [], item.body
    if isinstance(body, ShortBody) and body.ignore_diacritics:
        notes.append(f"{item.id}: ignore_diacritics has no Moodle equivalent; Moodle will require the exact diacritics")
    weights = [o.fraction for o in body.options] if isinstance(body, SingleBody) else []
    weights += [multiple_weight(body)] if isinstance(body, MultipleBody) else []
    weights += [a.fraction for a in body.answers] if isinstance(body, ShortBody) else []
    if isinstance(body, MatchingBody) and len(body.pairs) + len(body.distractors) < 3:
        notes.append(f"{item.id}: Moodle wants at least 3 right-hand answers in a matching question; add a distractor")
    if not all(moodle_grade(w) for w in weights):
        notes.append(f"{item.id}: a weight is not one of Moodle's grades; Moodle will refuse or round it")
    # repr(body) holds every option and feedback text; course links cannot resolve outside the course.
    if _COURSE_LINK.search(" ".join([item.prompt, item.feedback, repr(body)])):
        notes.append(f"{item.id}: links to course pages (lesson:, glossary:, ...) will not work in Moodle")
    return notes


# -- export ----------------------------------------------------------------------------------------------
def escape(text: str) -> str:
    """Backslash GIFT's control characters and write newlines as \\n, so a question never contains a blank line."""
    return "".join(_SPECIAL.get(c, c) for c in text)


def _text(text: str) -> str:
    # A text starting with "[html]" or "%5%" would be read as a format or a weight; an explicit format protects it.
    return ("[markdown]" if text.startswith(("[", "%")) else "") + escape(text)


def _answers(lines: list[str], general: str) -> str:
    return "{\n" + "".join(f"\t{line}\n" for line in [*lines, *([general] if general else [])]) + "}"


def _body(item: Item, notes: list[str]) -> str | None:
    body, general = item.body, (f"####{_text(item.feedback)}" if item.feedback else "")

    def fb(text: str) -> str:
        return f"#{_text(text)}" if text else ""

    if isinstance(body, SingleBody):
        marks = {o.id: "=" if o.fraction == 1 else "~" if o.fraction == 0 else f"~%{percent(o.fraction)}%" for o in body.options}
        return _answers([marks[o.id] + _text(o.text) + fb(o.feedback) for o in body.options], general)
    if isinstance(body, MultipleBody):
        weight = multiple_weight(body)
        return _answers([f"~%{percent(weight if o.fraction == 1 else -weight)}%{_text(o.text)}{fb(o.feedback)}" for o in body.options], general)
    if isinstance(body, TrueFalseBody):
        right, wrong = (body.feedback_true, body.feedback_false) if body.answer else (body.feedback_false, body.feedback_true)
        # Moodle reads {TRUE#feedback for a wrong answer#feedback for a right answer}.
        text = ("TRUE" if body.answer else "FALSE") + (f"#{_text(wrong)}" if wrong or right else "") + (f"#{_text(right)}" if right else "")
        return "{" + text + general + "}"
    if isinstance(body, MatchingBody):
        if any("->" in p.left for p in body.pairs):
            notes.append(f"{item.id}: a left-hand text contains '->', which GIFT cannot escape; not exported")
            return None
        lines = [f"={_text(p.left)} -> {escape(p.right)}" for p in body.pairs] + [f"= -> {escape(text)}" for _, text in body.distractors]
        return _answers(lines, general)
    if isinstance(body, ShortBody):
        if any("->" in a.text for a in body.answers):
            notes.append(f"{item.id}: an answer contains '->', which makes Moodle read a matching question; not exported")
            return None
        return _answers([("=" if a.fraction == 1 else f"=%{percent(a.fraction)}%") + _text(a.text) for a in body.answers], general)
    if isinstance(body, OpenBody):
        notes.append(f"{item.id}: the rubric and min_words cannot be expressed in GIFT; exported as an essay without them "
                     "(--format moodle-xml keeps the rubric as grader information)")
        return "{" + general + "}"
    notes.append(f"{item.id}: {NOT_IN_GIFT.get(item.type, f'{item.type} cannot be expressed in GIFT')}")
    return None


def _question(item: Item, notes: list[str]) -> str | None:
    answers = _body(item, notes)
    if answers is None:
        return None
    notes.extend(moodle_notes(item))
    meta = [f"[id:{item.id}]", *(f"[tag:{o}]" for o in item.outcome_ids)]
    if item.points != 1:
        meta.append(f"[points:{number(item.points)}]")
        notes.append(f"{item.id}: points {number(item.points)} cannot be expressed in GIFT; Moodle will import the question with mark 1")
    if item.lesson_id:
        meta.append(f"[lesson:{item.lesson_id}]")
    if isinstance(item.body, ShortBody) and item.body.ignore_diacritics:
        meta.append("[ignore_diacritics:true]")
    if isinstance(item.body, OpenBody) and item.body.min_words:
        meta.append(f"[min_words:{item.body.min_words}]")
    return f"// {' '.join(meta)}\n::{item.id}::[markdown]{escape(item.prompt)}{answers}"


def export_gift(quizzes: Iterable[Quiz]) -> tuple[str, list[str]]:
    """GIFT text with one $CATEGORY per quiz, and a message for every item (or part of one) GIFT cannot carry."""
    blocks: list[str] = []
    notes: list[str] = []
    for quiz in quizzes:
        blocks.append(f"// {' '.join(quiz.title.split())}\n$CATEGORY: $course$/{quiz.id}")
        blocks.extend(q for item in quiz.items if (q := _question(item, notes)) is not None)
    return "\n\n".join(blocks) + "\n", notes


# -- import ----------------------------------------------------------------------------------------------
def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _format(text: str) -> str:
    """Drop a leading [markdown]/[html]/... marker; every text is kept as our Markdown source."""
    return _restore(_FORMAT.sub("", text.strip(), count=1)).strip()


def _blocks(text: str) -> Iterator[tuple[int, str, str]]:
    """(first content line, comment lines, content) per blank-line separated block; lines are trimmed as Moodle does."""
    lines: list[tuple[int, str]] = []
    for number_, raw in enumerate([*text.lstrip("\ufeff").splitlines(), ""], start=1):
        if raw.strip():
            lines.append((number_, raw.strip()))
            continue
        content = [(n, line) for n, line in lines if not line.startswith("//")]
        if content:
            yield content[0][0], "\n".join(line for _, line in lines if line.startswith("//")), "\n".join(line for _, line in content)
        lines = []


def _metadata(line: int, comments: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"tags": []}
    for key, raw in _TOKEN.findall(comments):
        value = raw.replace("\\]", "]").strip()
        if key == "tag":
            meta["tags"] += [value] if value not in meta["tags"] else []
        elif key not in meta:  # the first [id:...] wins, as in Moodle
            try:
                meta[key] = {"points": lambda v: number(float(v)), "min_words": int,
                             "ignore_diacritics": lambda v: v.lower() == "true"}.get(key, str)(value)
            except ValueError:
                raise GiftError(line, f"[{key}:{value}] must be a number") from None
    return meta


def _weight(line: int, part: str, default: float) -> tuple[float, str]:
    if not part.startswith("%"):
        return default, part
    match = _WEIGHT.match(part)
    if match is None or not -100 <= float(match.group(1)) <= 100:
        raise GiftError(line, f"malformed weight in '{_restore(part)}': write e.g. %50% or %-33.33333%")
    return float(match.group(1)) / 100, part[match.end():]


def _split(line: int, answers: str, mark: str, what: str) -> list[str]:
    parts = [p.strip() for p in answers.split(mark)]
    if parts[0]:
        raise GiftError(line, f"text before the first answer: start each {what} answer with {mark}")
    if not all(parts[1:]):
        raise GiftError(line, "an answer is empty")
    return parts[1:]


def _choices(line: int, answers: str) -> tuple[str, dict[str, Any]]:
    single, options = "=" in answers, []
    parts = _split(line, answers.replace("=", "~="), "~", "multiple-choice")
    if len(parts) < 2:
        raise GiftError(line, "a multiple-choice question needs at least two answers")
    for n, part in enumerate(parts):
        if part.startswith("=") and part[1:].startswith("%"):
            raise GiftError(line, f"'{_restore(part)}': '=' marks the full-credit answer; write partial credit as ~%50%")
        weight, rest = (1.0, part[1:]) if part.startswith("=") else _weight(line, part, 0.0)
        text, _, feedback = rest.partition("#")
        option: dict[str, Any] = {"id": chr(ord("a") + n) if n < 26 else f"o{n + 1}", "text": _format(text)}
        if single and weight < 0:
            raise GiftError(line, f"'{_restore(part)}': a single-answer question cannot have negative weights here")
        option.update({"fraction": number(weight)} if single else {"correct": weight > 0})
        option.update({"feedback": _format(feedback)} if _format(feedback) else {})
        options.append(option)
    return ("single" if single else "multiple"), {"options": options}


def _matching(line: int, answers: str) -> dict[str, Any]:
    pairs: list[dict[str, str]] = []
    distractors: list[str] = []
    for part in _split(line, answers, "=", "matching"):
        left, arrow, right = part.partition("->")
        if not arrow or not _restore(right).strip():
            raise GiftError(line, f"'{_restore(part)}': write matching answers as =left -> right")
        if _format(left):
            pairs.append({"id": f"p{len(pairs) + 1}", "left": _format(left), "right": _restore(right).strip()})
        else:
            distractors.append(_restore(right).strip())
    return {"pairs": pairs, **({"distractors": distractors} if distractors else {})}


def _short(line: int, answers: str, meta: dict[str, Any]) -> dict[str, Any]:
    parts = [p.strip() for p in answers.split("=")]
    accepted = []
    for part in [p for p in parts[:1] if p] + parts[1:]:  # Moodle also takes text before the first '=' as an answer
        weight, rest = _weight(line, part, 1.0)
        text, _, feedback = rest.partition("#")
        if feedback.strip():
            raise GiftError(line, "short answers cannot have their own feedback here; use the general feedback (####)")
        if weight < 0 or not _format(text):
            raise GiftError(line, f"'{_restore(part)}': a short answer needs a text and a weight from 0% to 100%")
        accepted.append({"text": _format(text), "fraction": number(weight)})
    return {"answers": accepted, **({"ignore_diacritics": True} if meta.get("ignore_diacritics") else {})}


def _question_item(line: int, comments: str, content: str) -> dict[str, Any]:
    meta, text = _metadata(line, comments), _ESCAPE.sub(lambda m: _HOLD[m.group()], content)
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise GiftError(line, "the question name is not closed with '::'")
        text = text[end + 2:].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        raise GiftError(line, "no answer block {...}: descriptions are not questions and cannot be imported")
    if start < 0 or finish < start or "{" in text[start + 1:] or "}" in text[finish + 1:]:
        raise GiftError(line, "a question needs exactly one answer block {...}; escape literal braces as \\{ and \\}")
    answers, after = text[start + 1:finish].strip(), text[finish + 1:].strip()
    prompt = _format(text[:start] + ("_____" + text[finish + 1:] if after else ""))  # Moodle's missing-word format
    cut = answers.rfind("####")
    general, answers = (answers[cut + 4:], answers[:cut].strip()) if cut >= 0 else ("", answers)
    if not prompt:
        raise GiftError(line, "the question has no text")
    if answers.startswith("#"):
        raise GiftError(line, "numerical questions have no equivalent in this course")
    fields: dict[str, Any]
    if not answers:
        kind, fields = "open", ({"min_words": meta["min_words"]} if meta.get("min_words") else {})
    elif "~" in answers:
        kind, fields = _choices(line, answers)
    elif "=" in answers and "->" in answers:
        kind, fields = "matching", _matching(line, answers)
    elif answers.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        bits = [_format(b) for b in answers.split("#", 2)] + ["", ""]
        value = bits[0] in ("T", "TRUE")
        right, wrong = bits[2], bits[1]  # {TRUE#wrong-answer feedback#right-answer feedback}
        true_fb, false_fb = (right, wrong) if value else (wrong, right)
        kind, fields = "truefalse", {"answer": value, **({"feedback_true": true_fb} if true_fb else {}),
                                     **({"feedback_false": false_fb} if false_fb else {})}
    else:
        kind, fields = "short", _short(line, answers, meta)
    item: dict[str, Any] = {"id": meta["id"]} if "id" in meta else {}
    item.update({"type": kind, "prompt": prompt, "points": meta.get("points", 1), "outcomes": meta["tags"]})
    item.update({"lesson": meta["lesson"]} if "lesson" in meta else {})
    item.update({"feedback": _format(general)} if _format(general) else {})
    return {**item, **fields}


def read_gift(text: str) -> list[GiftQuestion]:
    """Every question with its starting line and category; raises GiftError on the first malformed one."""
    questions, category = [], None
    for line, comments, content in _blocks(text):
        if content.startswith("$CATEGORY:"):
            if "\n" in content:
                raise GiftError(line, "$CATEGORY must be followed by a blank line")
            category = content[len("$CATEGORY:"):].strip()
            continue
        questions.append(GiftQuestion(line, category, _question_item(line, comments, content)))
    return questions


def parse_gift(text: str) -> list[dict[str, Any]]:
    """Items in our YAML item format (docs/quiz-format.md); "id" is absent when the question has no [id:...]."""
    return [question.item for question in read_gift(text)]
