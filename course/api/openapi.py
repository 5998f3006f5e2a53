"""The machine-readable description of the API (OpenAPI 3.1), served at /api/v1/openapi.json."""

from __future__ import annotations

from .openapi_portfolio import portfolio_paths

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}
OUTCOME = {
    "type": "object",
    "required": ["id", "unit", "category", "text"],
    "properties": {
        "id": {"type": "string", "pattern": r"^M\d+_\d{2}\.[WUK]\d+$"},
        "unit": {"type": "string"},
        "category": {"enum": ["knowledge", "skills", "competences"]},
        "text": {"type": "string"},
    },
}
LESSON = {
    "type": "object",
    "required": ["id", "slug", "title", "minutes", "read"],
    "properties": {
        "id": {"type": "string"}, "slug": {"type": "string"}, "title": {"type": "string"},
        "minutes": {"type": "integer"}, "read": {"type": "boolean"},
    },
}
UNIT = {
    "type": "object",
    "required": ["id", "title", "lessons", "quizzes"],
    "properties": {
        "id": {"type": "string"}, "title": {"type": "string"},
        "lessons": {"type": "array", "items": LESSON},
        "quizzes": {
            "type": "array",
            "items": {"type": "object", "properties": {"id": {"type": "string"}, "kind": {"type": "string"},
                                                       "mode": {"enum": ["practice", "summative"]}, "title": {"type": "string"}}},
        },
    },
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    return {str(code): _json({"$ref": "#/components/schemas/Error"}, "Error") for code in codes}


ATTEMPT = {
    "type": "object", "required": ["attempt_id", "quiz_id", "questions"],
    "properties": {
        "attempt_id": {"type": "integer"}, "quiz_id": {"type": "string"}, "number": {"type": "integer"},
        "started_at": {"type": "string", "format": "date-time"}, "deadline": {"type": ["string", "null"], "format": "date-time"},
        "questions": {"type": "array", "items": {"type": "object", "required": ["id", "type", "prompt", "points"]}},
        "answers": {"type": "object", "description": "saved responses by question id"},
        "flagged": {"type": "array", "items": {"type": "string"}, "description": "question ids flagged for later"},
    },
}
REVIEW = {
    "type": "object", "required": ["attempt_id", "max_score", "passed", "questions"],
    "properties": {
        "attempt_id": {"type": "integer"}, "score": {"type": "number"}, "max_score": {"type": "number"},
        "passed": {"type": ["boolean", "null"]}, "awaiting_marking": {"type": "boolean"},
        "questions": {"type": "array", "items": {"type": "object", "required": ["id", "type", "max_score"], "properties": {
            "score": {"type": ["number", "null"]}, "correct": {"type": ["boolean", "null"]}, "correct_response": {"type": "object"},
            "feedback": {"type": "string"}}}},
    },
}

SUMMATIVE_REVIEW = {
    "type": "object", "additionalProperties": False,
    "required": ["attempt_id", "score", "max_score", "passed", "attempts_left", "outcomes", "questions"],
    "description": "A summative test's review: never a per-item score, correctness, key or feedback.",
    "properties": {
        "attempt_id": {"type": "integer"}, "score": {"type": "number"}, "max_score": {"type": "number"},
        "passed": {"type": ["boolean", "null"]}, "attempts_left": {"type": ["integer", "null"]},
        "outcomes": {"type": "array", "items": {"type": "object", "required": ["id", "score", "max_score"]}},
        "questions": {"type": "array", "items": {"type": "object", "required": ["id", "type", "answered"], "additionalProperties": False,
                                                 "properties": {"id": {"type": "string"}, "type": {"type": "string"}, "answered": {"type": "boolean"}}}},
    },
}


ATTAINMENT = {
    "type": "object", "required": ["learner_id", "outcomes", "units", "module_complete"],
    "properties": {
        "learner_id": {"type": "integer"},
        "outcomes": {"type": "array", "items": {"type": "object", "required": ["id", "status", "score", "attained_at", "evidence_count"], "properties": {
            "id": {"type": "string"}, "status": {"enum": ["not_started", "in_progress", "awaiting_review", "attained"]},
            "score": {"type": "number"}, "attained_at": {"type": ["string", "null"], "format": "date-time"}, "evidence_count": {"type": "integer"}}}},
        "units": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "complete": {"type": "boolean"}}}},
        "module_complete": {"type": "boolean"},
    },
}


ID = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}  # ids are PostgreSQL integer columns (course.security.MAX_ID)
INTEGER_PARAMS = ("attempt_id", "learner_id", "token_id", "submission_id", "entry_id", "mentee_id")
TOKEN_ROW = {"type": "object", "required": ["id", "created_at", "expires_at"], "additionalProperties": False, "properties": {
    "id": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"}, "expires_at": {"type": "string", "format": "date-time"}}}
SAVED = {"type": "object", "required": ["attempt_id", "question_id", "saved_at"], "properties": {
    "attempt_id": {"type": "integer"}, "question_id": {"type": "string"}, "saved_at": {"type": "string", "format": "date-time"},
    "saved_time": {"type": "string", "description": "HH:MM in the site's time zone (Europe/Warsaw)"},
    "answered": {"type": "boolean", "description": "false once the response was cleared"}}}
FLAGGED = {"type": "object", "required": ["attempt_id", "question_id", "flagged", "flagged_questions"], "properties": {
    "attempt_id": {"type": "integer"}, "question_id": {"type": "string"}, "flagged": {"type": "boolean"},
    "flagged_questions": {"type": "array", "items": {"type": "string"}}}}
CHECKED = {"type": "object", "required": ["question_id", "correct", "score", "max_score"], "properties": {
    "question_id": {"type": "string"}, "correct": {"type": "boolean"}, "score": {"type": "number"}, "max_score": {"type": "number"},
    "tries_used": {"type": "integer"}, "tries_left": {"type": ["integer", "null"]}, "final": {"type": "boolean"}, "feedback": {"type": ["string", "null"]},
    "verdict": {"type": "string", "description": "the verdict as the quiz page words it"},
    "feedback_html": {"type": "string", "description": "the feedback rendered from the content (HTML)"}}}
MARKED = {"type": "object", "required": ["attempt_id", "question_id", "score"], "properties": {
    "attempt_id": {"type": "integer"}, "question_id": {"type": "string"}, "score": {"type": ["number", "null"]},
    "attempt_score": {"type": ["number", "null"]}, "passed": {"type": ["boolean", "null"]}}}
CONFIRMED = {"type": "object", "required": ["learner_id", "outcome_id", "level", "status"], "properties": {
    "learner_id": {"type": "integer"}, "outcome_id": {"type": "string"}, "level": {"type": "integer"}, "status": {"type": "string"}}}
PERSONAL_DATA = {"type": "object", "required": ["format", "exported_at", "account", "data"], "properties": {
    "format": {"type": "string"}, "exported_at": {"type": "string", "format": "date-time"},
    "account": {"type": "object"}, "data": {"type": "object", "description": "one member per table, each a list of rows"}}}


def _path_params(*names: str) -> list[dict]:
    return [{"name": n, "in": "path", "required": True, "schema": ID if n in INTEGER_PARAMS else {"type": "string", "maxLength": 200}}
            for n in names]


def _with_request_bodies(document: dict) -> dict:
    """Describe each request body from the schema its endpoint validates with (``@accepts``), never by hand."""
    from flask import current_app

    for rule in current_app.url_map.iter_rules():
        view = current_app.view_functions.get(rule.endpoint)
        schema = getattr(view, "request_schema", None)
        if schema is None or not rule.rule.startswith("/api/v1/"):
            continue
        path = rule.rule.removeprefix("/api/v1")
        for converter in ("int:", "string:", "path:"):
            path = path.replace("<" + converter, "<")
        path = path.replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = document["paths"].get(path, {}).get(method.lower())
            if operation is not None:
                operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
                operation["responses"].update({k: v for k, v in _errors(400, 415).items() if k not in operation["responses"]})
    return document


def openapi_document() -> dict:
    document = _document()
    document["paths"].update(portfolio_paths())
    return _with_request_bodies(document)


def _document() -> dict:
    secured = [{"bearer": []}, {"cookie": []}]
    return ({
        "openapi": "3.1.0",
        "info": {"title": "Mentoring Module 2 course API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "schemas": {"Error": ERROR, "Outcome": OUTCOME, "Unit": UNIT},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": "session",
                           "description": "Browser session (named __Host-session when SESSION_COOKIE_SECURE is on); unsafe methods also need the X-CSRFToken header."},
            },
        },
        "paths": {
            "/outcomes": {"get": {"summary": "The 31 outcomes", "responses": {"200": _json({"type": "array", "items": {"$ref": "#/components/schemas/Outcome"}}, "Outcomes")}}},
            "/auth/token": {
                "post": {
                    "summary": "Exchange e-mail and password for a bearer token (rate-limited)",
                    "responses": {
                        "200": _json({"type": "object", "required": ["token", "expires_at"], "properties": {
                            "token": {"type": "string"}, "expires_at": {"type": "string", "format": "date-time"}}}, "Token"),
                        **_errors(400, 401, 403, 415, 429),
                    },
                }
            },
            "/units": {"get": {"summary": "Units in order with lessons and quizzes", "security": secured,
                               "responses": {"200": _json({"type": "array", "items": {"$ref": "#/components/schemas/Unit"}}, "Units"), **_errors(401)}}},
            "/quizzes/{quiz_id}/attempts": {"post": {
                "summary": "Start a new attempt (201) or resume the open one (200); never returns the keys", "security": secured,
                "parameters": _path_params("quiz_id"),
                "responses": {"200": _json(ATTEMPT, "Resumed"), "201": _json(ATTEMPT, "Started"),
                              **_errors(401, 404, 409)},
                "description": "409 attempts_exhausted when no attempt is left or the waiting time has not passed; the error then carries "
                               "next_attempt_at (ISO 8601 UTC) when there is a next chance."}},
            "/attempts/{attempt_id}": {"get": {
                "summary": "An open attempt with its saved answers, or the review of a submitted one", "security": secured,
                "parameters": _path_params("attempt_id"),
                "responses": {"200": _json({"oneOf": [ATTEMPT, REVIEW, SUMMATIVE_REVIEW]}, "Attempt or review"), **_errors(401, 404)}}},
            "/attempts/{attempt_id}/answers/{question_id}": {"put": {
                "summary": "Save one response (autosave); the body is the type's response shape", "security": secured,
                "parameters": _path_params("attempt_id", "question_id"),
                "responses": {"200": _json(SAVED, "Saved"), **_errors(400, 401, 404, 409, 415)}},
                "delete": {
                "summary": "Clear one response (autosave of an unticked, emptied or reset answer): the question is unanswered again",
                "security": secured, "parameters": _path_params("attempt_id", "question_id"),
                "responses": {"200": _json(SAVED, "Cleared"), **_errors(401, 404, 409)}}},
            "/attempts/{attempt_id}/flags/{question_id}": {"put": {
                "summary": "Flag a question of an open attempt for later, or unflag it ({\"flagged\": true|false})", "security": secured,
                "parameters": _path_params("attempt_id", "question_id"),
                "responses": {"200": _json(FLAGGED, "Flags"), **_errors(401, 404, 409)}}},
            "/attempts/{attempt_id}/answers/{question_id}/check": {"post": {
                "summary": "Interactive quizzes: check one saved response now (tries and penalty apply)", "security": secured,
                "parameters": _path_params("attempt_id", "question_id"),
                "responses": {"200": _json(CHECKED, "Check result"), **_errors(400, 401, 404, 409)}}},
            "/attempts/{attempt_id}/submit": {"post": {
                "summary": "Score the attempt once and return the review the quiz policy allows (a summative test: the fixed review)",
                "security": secured, "parameters": _path_params("attempt_id"),
                "responses": {"200": _json({"oneOf": [REVIEW, SUMMATIVE_REVIEW]}, "Review"), **_errors(401, 404)}}},
            "/learners/{learner_id}/quizzes/{quiz_id}/extra-attempts": {"post": {
                "summary": "A trainer of the learner's organisation grants one more attempt at a summative test", "security": secured,
                "parameters": _path_params("learner_id", "quiz_id"),
                "responses": {"201": _json({"type": "object", "required": ["attempts_allowed"], "properties": {"attempts_allowed": {"type": "integer"}}},
                                           "Granted"), **_errors(401, 403, 404, 409)}}},
            "/me/attainment": {"get": {"summary": "The signed-in learner's attainment of every outcome", "security": secured,
                                       "responses": {"200": _json(ATTAINMENT, "Attainment"), **_errors(401)}}},
            "/learners/{learner_id}/attainment": {"get": {
                "summary": "One learner's attainment, for trainers and org admins of their organisation", "security": secured,
                "parameters": _path_params("learner_id"), "responses": {"200": _json(ATTAINMENT, "Attainment"), **_errors(401, 403, 404)}}},
            "/attempts/{attempt_id}/answers/{question_id}/grade": {"post": {
                "summary": "A trainer marks an open answer: {score: 0..1, comment}", "security": secured,
                "parameters": _path_params("attempt_id", "question_id"),
                "responses": {"200": _json(MARKED, "Marked"), **_errors(400, 401, 403, 404, 415)}}},
            "/learners/{learner_id}/outcomes/{outcome_id}/confirmations": {"post": {
                "summary": "A trainer confirms a competence: {level: 1..4, comment, basis: observation|portfolio, submission_id}", "security": secured,
                "parameters": _path_params("learner_id", "outcome_id"),
                "responses": {"201": _json(CONFIRMED, "Confirmed; the new status"), **_errors(400, 401, 403, 404, 415)}}},
            "/learners/{learner_id}/certificates": {"post": {
                "summary": "An org admin issues the learner's certificate: 201 with links, or 409 with the unmet requirements",
                "security": secured, "parameters": _path_params("learner_id"),
                "responses": {"201": _json({"type": "object", "required": ["code", "verify_url", "pdf_url", "credential_url"]}, "Issued"),
                              **_errors(401, 403, 404, 409)}}},
            "/certificates/{code}": {"get": {
                "summary": "Public verification: the certified content and status (valid, revoked, expired); never the e-mail",
                "parameters": _path_params("code"),
                "responses": {"200": _json({"type": "object", "required": [
                    "code", "status", "holder_name", "module", "issued_at", "expires_at", "issuer", "outcomes", "revocation"]}, "Certificate"),
                    **_errors(404, 429)}}},
            "/credentials/status/{list_id}": {"get": {
                "summary": "The revocation status list (W3C BitstringStatusListCredential, signed as a VC-JWT) that credentials point at",
                "parameters": _path_params("list_id"),
                "responses": {"200": {"description": "The signed status list", "content": {"application/vc+jwt": {"schema": {"type": "string"}}}},
                              **_errors(404)}}},
            "/auth/tokens": {"get": {
                "summary": "The caller's unexpired API tokens (never the secret)", "security": secured,
                "responses": {"200": _json({"type": "array", "items": TOKEN_ROW}, "Tokens"), **_errors(401)}}},
            "/auth/tokens/{token_id}": {"delete": {
                "summary": "Revoke one of the caller's tokens (another person's is 404)", "security": secured,
                "parameters": _path_params("token_id"),
                "responses": {"200": _json({"type": "object", "required": ["id", "revoked"]}, "Revoked"), **_errors(401, 404)}}},
            "/me/export": {"get": {
                "summary": "Everything stored about the caller, as one JSON document (GDPR art. 15 and 20)", "security": secured,
                "responses": {"200": _json(PERSONAL_DATA, "Personal data"), **_errors(401)}}},
            "/me": {"delete": {
                "summary": "Erase the caller's account and learning data (password confirmation); certificates stay verifiable",
                "security": secured,
                "responses": {"200": _json({"type": "object", "required": ["erased"]}, "Erased"), **_errors(400, 401, 403, 415, 429)}}},
            "/units/{unit}/lessons/{slug}/read": {
                "post": {
                    "summary": "Record that the lesson was read (idempotent: 201 the first time, then 200)",
                    "security": secured,
                    "parameters": [
                        {"name": "unit", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": _json({"type": "object", "properties": {"lesson_id": {"type": "string"}, "read": {"type": "boolean"}, "read_at": {"type": "string", "format": "date-time"}}}, "Already recorded"),
                        "201": _json({"type": "object", "properties": {"lesson_id": {"type": "string"}, "read": {"type": "boolean"}, "read_at": {"type": "string", "format": "date-time"}}}, "Recorded"),
                        **_errors(400, 401, 404),
                    },
                }
            },
        },
    })
