"""The whole question bank as JSON, keys included: for the certifying body's item review and backups.

Server-side only (`course export questions --format json`): no HTTP route serves this.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from course.domain.quizzes import Quiz


def item_records(quizzes: list[Quiz]) -> list[dict]:
    """One record per item: ``quiz_id``, ``mode``, ``id``, ``type``, ``outcomes``, ``correct_response``
    (in the API's response shapes; absent for open and self-rating items) and the item's content."""
    records = []
    for quiz in quizzes:
        for item in quiz.items:
            record = {"quiz_id": quiz.id, "mode": quiz.mode.value, "id": item.id, "type": item.type, "outcomes": list(item.outcome_ids)}
            key = item.correct_response()
            if key is not None:
                record["correct_response"] = key
            record |= {"prompt": item.prompt, "points": item.points, "lesson": item.lesson_id, "feedback": item.feedback}
            record |= asdict(item.body)
            records.append(record)
    return records


def export_json(quizzes: list[Quiz]) -> tuple[str, list[str]]:
    return json.dumps(item_records(quizzes), ensure_ascii=False, indent=2) + "\n", []
