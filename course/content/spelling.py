"""Polish spelling check of content prose with Debian's hunspell (pl_PL) and a project word list."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ContentProblem
from .yamlfile import parse_yaml, split_front_matter

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]:?")
_URL = re.compile(r"https?://\S+|www\.\S+")
_CODE = re.compile(r"`[^`]*`")
_ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+\w+\s*")
_ATTR_LIST = re.compile(r"\{:?[^}]*\}")


class HunspellMissing(RuntimeError):
    """hunspell or its Polish dictionary is not installed."""


def prose_of_markdown(text: str) -> str:
    """Keep what a reader reads: drop front matter, link targets, URLs, code and markup words."""
    try:
        _, body, _ = split_front_matter(text)
        offset = text[: len(text) - len(body)].count("\n")
    except ValueError:
        body, offset = text, 0
    lines = []
    for line in body.splitlines():
        line = _ADMONITION.sub(r"\1", line)
        for pattern in (_LINK_TARGET, _FOOTNOTE_REF, _URL, _CODE, _ATTR_LIST):
            line = pattern.sub(" ", line)
        lines.append(line)
    return "\n" * offset + "\n".join(lines)


def prose_of_glossary(text: str) -> str:
    """Keep terms and definitions, on their own lines so reports point near the right line."""
    out = []
    for line in text.splitlines():
        key, _, value = line.strip().lstrip("- ").partition(":")
        if key in ("term", "definition"):
            out.append(value.strip(" >-|\"'"))
        elif line.startswith("      ") and not key.startswith(("see", "id")):
            out.append(line.strip())
        else:
            out.append("")
    return "\n".join(out)


QUIZ_PROSE_KEYS = frozenset({
    "title", "introduction", "prompt", "text", "feedback", "feedback_true", "feedback_false", "left", "right",
    "distractors", "criterion", "description", "levels", "reflection_prompt",
    "instructions", "look_for", "level_3", "evidence",  # portfolio tasks and competence criteria
})


def prose_of_quiz(text: str) -> str:
    """Keep the texts a learner reads (prompts, options, feedback, rubrics), each near its own line."""
    located = parse_yaml(text)
    out = [""] * (text.count("\n") + 2)

    def walk(value, path):
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, (*path, index))
        elif isinstance(value, str) and path[:1] != ("policy",) and any(isinstance(p, str) and p in QUIZ_PROSE_KEYS for p in path[-2:]):
            line = located.line(*path) - 1
            for offset, part in enumerate(prose_of_markdown(value).splitlines()):
                if line + offset < len(out):
                    out[line + offset] += " " + part

    walk(located.data, ())
    return "\n".join(out)


def wordlist(root: Path) -> list[str]:
    words: set[str] = set()
    for path in sorted((root / "wordlist").glob("*.txt")):
        words.update(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#"))
    return sorted(words)


def files_to_check(root: Path) -> list[Path]:
    files = sorted(root.glob("M*/*.md")) + sorted((root / "templates").glob("*.md"))
    files += sorted((root / "templates" / "examples").glob("*.md")) + sorted((root / "examples").glob("*.md"))
    files += sorted((root / "diagrams").glob("*.md")) + sorted((root / "diagrams").glob("*.svg"))
    glossary = root / "glossary.yaml"
    quizzes = sorted((root.parent / "quizzes").glob("*.yaml"))
    portfolio = sorted((root / "portfolio").rglob("*.yaml"))
    return files + ([glossary] if glossary.exists() else []) + quizzes + portfolio


def _unknown_words(text: str, personal: Path) -> list[str]:
    result = subprocess.run(
        ["hunspell", "-d", "pl_PL", "-p", str(personal), "-l"],
        input=text, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0 and "Can't open affix or dictionary" in result.stderr:
        raise HunspellMissing("the Polish dictionary is missing: apt-get install hunspell-pl")
    return sorted(set(result.stdout.split()))


def check_spelling(root: Path | str) -> list[ContentProblem]:
    """Return one problem per unknown word per file, at the first line where it appears."""
    root = Path(root)
    if shutil.which("hunspell") is None:
        raise HunspellMissing("hunspell is not installed: apt-get install hunspell hunspell-pl")
    problems: list[ContentProblem] = []
    with tempfile.NamedTemporaryFile("w", suffix=".dic", encoding="utf-8") as personal:
        personal.write("\n".join(wordlist(root)) + "\n")
        personal.flush()
        for path in files_to_check(root):
            source = path.read_text(encoding="utf-8")
            if path.name == "glossary.yaml":
                prose = prose_of_glossary(source)
            elif path.suffix == ".svg":
                prose = re.sub(r"<[^>]*>", " ", source)
            elif path.suffix == ".yaml":
                prose = prose_of_quiz(source)
            else:
                prose = prose_of_markdown(source)
            lines = prose.splitlines()
            for word in _unknown_words(prose, Path(personal.name)):
                pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
                line = next((n for n, text in enumerate(lines, start=1) if pattern.search(text)), 1)
                shown = path.relative_to(root.parent) if path.is_relative_to(root.parent) else path
                problems.append(ContentProblem(str(shown), line, f"unknown word '{word}' (fix it or add it to content/wordlist/)"))
    return sorted(problems)
