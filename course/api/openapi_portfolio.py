"""The portfolio endpoints' part of the OpenAPI document (merged into /api/v1/openapi.json)."""

from __future__ import annotations

SECURED = [{"bearer": []}, {"cookie": []}]


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    return {str(code): _json({"$ref": "#/components/schemas/Error"}, "Error; 400 for fields also carries error.fields {field: code}")
            for code in codes}


def _id(name: str) -> list[dict]:
    from .openapi import ID

    return [{"name": name, "in": "path", "required": True, "schema": ID}]


TASK = {"type": "object", "required": ["id", "unit", "title", "outcomes", "requires", "criteria"], "properties": {
    "id": {"type": "string"}, "unit": {"type": "string"}, "title": {"type": "string"},
    "outcomes": {"type": "array", "items": {"type": "string"}}, "required_for": {"type": "array", "items": {"type": "string"}},
    "requires": {"type": "object", "additionalProperties": {"type": "integer"}},
    "criteria": {"type": "array", "items": {"type": "object", "required": ["id", "text", "outcomes", "levels"]}}}}
ENTRY = {"type": "object", "required": ["id", "mentee_id", "kind", "date", "fields", "version", "frozen"], "properties": {
    "id": {"type": "integer"}, "mentee_id": {"type": "integer"},
    "kind": {"enum": ["agreement", "goal", "session", "review", "reflection"]}, "date": {"type": "string", "format": "date"},
    "fields": {"type": "object"}, "version": {"type": "integer"}, "previous_id": {"type": ["integer", "null"]},
    "frozen": {"type": "boolean"}, "goal_statuses": {"type": "object"}, "covers": {"type": "object"}, "smart": {"type": "array"}}}
SUBMISSION = {"type": "object", "required": ["id", "task_id", "status"], "properties": {
    "id": {"type": "integer"}, "task_id": {"type": "string"}, "status": {"enum": ["awaiting_review", "returned", "assessed"]},
    "entry_ids": {"type": "array", "items": {"type": "integer"}}, "criteria": {"type": ["object", "null"]},
    "comment": {"type": ["string", "null"]}}}


def portfolio_paths() -> dict:
    return {
        "/portfolio/tasks": {"get": {"summary": "Portfolio tasks with requirements and rubric criteria", "security": SECURED,
                                     "responses": {"200": _json({"type": "array", "items": TASK}, "Tasks"), **_errors(401)}}},
        "/portfolio/entry-kinds": {"get": {"summary": "The five entry kinds and their fields", "security": SECURED,
                                           "responses": {"200": _json({"type": "object"}, "Entry kinds"), **_errors(401)}}},
        "/portfolio/mentees": {
            "get": {"summary": "The learner's mentees", "security": SECURED, "responses": {"200": {"description": "Mentees"}, **_errors(401)}},
            "post": {"summary": "Add a mentee under an alias (names, e-mails, PESEL and phone numbers are refused)", "security": SECURED,
                     "responses": {"201": {"description": "Added"}, **_errors(400, 401, 403, 415)}}},
        "/portfolio/entries": {
            "get": {"summary": "The learner's entries (?mentee_id=)", "security": SECURED,
                    "responses": {"200": _json({"type": "array", "items": ENTRY}, "Entries"), **_errors(401)}},
            "post": {"summary": "Add an entry; 400 names each bad field", "security": SECURED,
                     "responses": {"201": _json(ENTRY, "Added"), **_errors(400, 401, 403, 415)}}},
        "/portfolio/entries/{entry_id}": {
            "put": {"summary": "Change an entry not part of a submitted task (409 otherwise)", "security": SECURED, "parameters": _id("entry_id"),
                    "responses": {"200": _json(ENTRY, "Changed"), **_errors(400, 401, 404, 409, 415)}},
            "delete": {"summary": "Delete an entry not part of a submitted task (409 otherwise)", "security": SECURED,
                       "parameters": _id("entry_id"), "responses": {"200": {"description": "Deleted"}, **_errors(401, 404, 409)}}},
        "/portfolio/tasks/{task_id}/submissions": {"post": {
            "summary": "Submit entries for a task: 201 awaiting_review, or 400 with error.unmet", "security": SECURED,
            "parameters": [{"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"201": _json(SUBMISSION, "Submitted"), **_errors(400, 401, 403, 404, 409, 415)}}},
        "/portfolio/submissions": {"get": {"summary": "The learner's submissions with levels and feedback", "security": SECURED,
                                           "responses": {"200": _json({"type": "array", "items": SUBMISSION}, "Submissions"), **_errors(401)}}},
        "/portfolio/submissions/{submission_id}": {"get": {
            "summary": "One submission (its owner, or a trainer of the learner's organisation, who also gets the entries)",
            "security": SECURED, "parameters": _id("submission_id"), "responses": {"200": _json(SUBMISSION, "Submission"), **_errors(401, 403, 404)}}},
        "/portfolio/submissions/{submission_id}/assessment": {"post": {
            "summary": "A trainer rates each criterion 1..4; each level becomes evidence level/4 for its outcomes", "security": SECURED,
            "parameters": _id("submission_id"),
            "responses": {"201": _json(SUBMISSION, "Assessed"), **_errors(400, 401, 403, 404, 409, 415)}}},
        "/portfolio/submissions/{submission_id}/return": {"post": {
            "summary": "A trainer returns a submission for rework with a comment; its entries become editable", "security": SECURED,
            "parameters": _id("submission_id"),
            "responses": {"200": _json(SUBMISSION, "Returned"), **_errors(400, 401, 403, 404, 409, 415)}}},
    }
