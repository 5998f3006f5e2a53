"""`course export questions` and `course import gift`: move questions between our YAML bank and Moodle."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import click
import yaml

from course.config import DEFAULT_CONTENT_DIR
from course.content.errors import ContentInvalid
from course.domain.catalogue import OUTCOME_ID
from course.domain.quizzes import ITEM_ID

from .bank_json import export_json
from .gift import GiftError, GiftQuestion, export_gift, read_gift
from .moodle_xml import export_moodle_xml

EXPORTERS = {"gift": export_gift, "moodle-xml": export_moodle_xml, "json": export_json}
KIND_LETTERS = {"knowledge": "k", "skills": "s", "competences": "c", "test": "t"}


def _content_dir(value: str | None) -> Path:
    """As in course/cli.py (not imported from there, because cli.py imports this module to register it)."""
    return Path(value or os.environ.get("COURSE_CONTENT_DIR") or DEFAULT_CONTENT_DIR)


def _load(root: Path) -> Any:
    from course.content.loader import load_catalogue

    try:
        return load_catalogue(root)
    except ContentInvalid as error:
        raise click.ClickException(f"content is invalid ({len(error.problems)} problem(s)); run 'course content check'") from None


@click.group("export")
def export_group() -> None:
    """Export course content to other systems."""


@export_group.command("questions")
@click.option("--format", "format_name", required=True, type=click.Choice(sorted(EXPORTERS)), help="gift, moodle-xml or json (the whole bank with keys).")
@click.option("--quiz", "quiz_id", help="Export only this quiz (default: every quiz).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of stdout.")
@click.option("--content-dir", type=click.Path(file_okay=False), help="Defaults to COURSE_CONTENT_DIR or the bundled content/.")
def export_questions(format_name: str, quiz_id: str | None, output: str | None, content_dir: str | None) -> None:
    """Export the question bank; items the format cannot carry are listed on stderr, one line each."""
    quizzes = list(_load(_content_dir(content_dir)).quizzes)
    if quiz_id is not None:
        quizzes = [q for q in quizzes if q.id == quiz_id]
        if not quizzes:
            raise click.UsageError(f"unknown quiz '{quiz_id}'")
    text, notes = EXPORTERS[format_name](quizzes)
    for note in notes:
        click.echo(note, err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise click.ClickException(f"cannot write {output}: {error.strerror}") from None
        click.echo(f"Wrote {output}.")


@click.group("import")
def import_group() -> None:
    """Import questions from other systems into the YAML bank."""


def _bank_ids(quizzes_dir: Path) -> dict[str, str]:
    """item id -> quiz file, read leniently: a broken file is reported later by the full validation."""
    ids: dict[str, str] = {}
    for path in sorted(quizzes_dir.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        items = data.get("items") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.setdefault(item["id"], path.name)
    return ids


def _check(questions: list[GiftQuestion], quiz_id: str, quiz: dict, bank: dict[str, str], quiz_ids: set[str]) -> list[tuple[int, str]]:
    """Refuse what the bank must never receive, naming the GIFT line; number questions that have no [id:...]."""
    problems, seen = [], set(bank)
    prefix = f"{quiz.get('unit')}-{KIND_LETTERS.get(quiz.get('kind'), 'x')}"
    taken = set(bank) | {q.item["id"] for q in questions if "id" in q.item}
    numbers = [int(m.group(1)) for i in taken if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", i))]
    for question in questions:
        item, line = question.item, question.line
        if "id" not in item:
            numbers.append(max(numbers, default=0) + 1)
            numbered = {"id": f"{prefix}{numbers[-1]:02d}", **item}  # "id" stays the first key
            item.clear()
            item.update(numbered)
        name = f"question '{item['id']}'"
        if item["id"] in seen:
            where = f"quizzes/{bank[item['id']]}" if item["id"] in bank else "this file"
            problems.append((line, f"{name}: the item id already exists in {where}"))
        elif not ITEM_ID.match(item["id"]):
            problems.append((line, f"{name}: an item id uses letters, digits, '-' and '_' only"))
        seen.add(item["id"])
        if not item["outcomes"]:
            problems.append((line, f"{name} has no outcome tag; add e.g. [tag:{quiz.get('unit')}.W1] to its // comment"))
        for tag in item["outcomes"]:
            match = OUTCOME_ID.match(tag)
            if match is None or match.group("unit") != quiz.get("unit"):
                problems.append((line, f"{name}: tag '{tag}' is not an outcome of {quiz.get('unit')}"))
        if item["type"] == "open":
            problems.append((line, f"{name} is an essay: GIFT cannot carry its rubric, so add it to the YAML by hand"))
        category = (question.category or "").rstrip("/").rpartition("/")[2]
        if category in quiz_ids and category != quiz_id:
            problems.append((line, f"{name} is in category '{question.category}', not {quiz_id}"))
    return problems


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as literal blocks and nested lists indented, like the hand-written bank."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


def _append(original: str, items: list[dict]) -> str:
    """Append to the `items:` list as text, so the file's comments and layout survive; verified by re-reading."""
    indent = next((m.group(1) for m in re.finditer(r"(?m)^([ \t]*)- ", original.partition("\nitems:")[2])), "  ")
    dumped = yaml.dump(items, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    added = "".join(indent + line if line.strip() else line for line in dumped.splitlines(keepends=True))
    text = original + ("" if original.endswith("\n") else "\n") + added
    try:
        before, after = yaml.safe_load(original), yaml.safe_load(text)
    except yaml.YAMLError:
        after = before = None
    if not isinstance(after, dict) or not isinstance(before, dict) or after.get("items") != (before.get("items") or []) + items:
        raise click.ClickException("cannot append safely: 'items:' must be the quiz file's last key, written as a block list")
    return text


def _validate(content: Path, quizzes_dir: Path, quiz_file: str, text: str) -> list[str]:
    """Load the whole bank from a temporary copy with the new quiz file, so the real one is untouched on failure."""
    from course.content.loader import load_catalogue

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / content.name
        shutil.copytree(content, root)
        shutil.copytree(quizzes_dir, Path(tmp) / "quizzes")
        (Path(tmp) / "quizzes" / quiz_file).write_text(text, encoding="utf-8")
        try:
            load_catalogue(root)
        except ContentInvalid as error:
            return [str(problem) for problem in error.problems]
    return []


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@import_group.command("gift")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--quiz", "quiz_id", required=True, help="The quiz whose items the questions are appended to.")
@click.option("--content-dir", type=click.Path(file_okay=False), help="Defaults to COURSE_CONTENT_DIR or the bundled content/.")
def import_gift(file: str, quiz_id: str, content_dir: str | None) -> None:
    """Append GIFT questions to quizzes/<ID>.yaml; nothing is written unless the whole bank stays valid."""
    content = _content_dir(content_dir)
    quizzes_dir = content.parent / "quizzes"
    path = quizzes_dir / f"{quiz_id}.yaml"
    if not ITEM_ID.match(quiz_id) or not path.is_file():
        raise click.UsageError(f"unknown quiz '{quiz_id}' (no {path})")
    try:
        questions = read_gift(Path(file).read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, OSError):
        raise click.ClickException(f"cannot read {file} as UTF-8 text") from None
    except GiftError as error:
        raise click.ClickException(f"{file}:{error.line}: {error.message}") from None
    if not questions:
        raise click.ClickException(f"{file} has no questions")
    original = path.read_text(encoding="utf-8")
    try:
        quiz = yaml.safe_load(original)
    except yaml.YAMLError:
        quiz = None
    if not isinstance(quiz, dict):
        raise click.ClickException(f"{path} is not a quiz; run 'course content check'")
    quiz_ids = {p.stem for p in quizzes_dir.glob("*.yaml")}
    problems = [f"{file}:{line}: {message}" for line, message in _check(questions, quiz_id, quiz, _bank_ids(quizzes_dir), quiz_ids)]
    text = "" if problems else _append(original, [q.item for q in questions])
    problems = problems or _validate(content, quizzes_dir, path.name, text)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"nothing was imported: {len(problems)} problem(s)")
    _write_atomically(path, text)
    click.echo(f"Imported {len(questions)} question(s) into quizzes/{path.name}.")
