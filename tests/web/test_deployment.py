"""Deployment settings: PUBLIC_BASE_URL required in production, ProxyFix by TRUSTED_PROXIES, 500s logged with tracebacks."""

from __future__ import annotations

import json

import pytest

from course import create_app


def make(database_url, catalogue, **config):
    return create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": database_url, "CATALOGUE": catalogue, **config})


def test_production_refuses_to_start_without_public_base_url(database_url, catalogue, monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("COURSE_ENV", raising=False)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        make(database_url, catalogue)
    assert make(database_url, catalogue, PUBLIC_BASE_URL="https://kurs.example.pl").config["PUBLIC_BASE_URL"]
    assert make(database_url, catalogue, COURSE_ENV="development")


@pytest.mark.usefixtures("use_fixture_course")
def test_the_host_header_never_reaches_signed_credentials(app, client, org_setup):  # noqa: F811
    import base64

    from tests.web.test_certificates import complete_module

    app.config["PUBLIC_BASE_URL"] = "https://kurs.example.pl"
    s = org_setup
    complete_module(client, s["learner_h"], s["trainer_h"], s["learner"].id)
    issued = client.post(f"/api/v1/learners/{s['learner'].id}/certificates", headers={**s["admin_h"], "Host": "evil.example"})
    assert issued.status_code == 201 and issued.get_json()["verify_url"].startswith("https://kurs.example.pl/verify/")
    jwt = client.get(f"/certificates/{issued.get_json()['code']}/credential.jwt").get_data(as_text=True)
    payload = json.loads(base64.urlsafe_b64decode(jwt.split(".")[1] + "=="))
    assert payload["iss"].startswith("https://kurs.example.pl/") and "evil.example" not in json.dumps(payload)
    code = issued.get_json()["code"]
    printable = client.get(f"/certificates/{code}/print", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert f"https://kurs.example.pl/verify/{code}" in printable and "evil.example" not in printable


@pytest.mark.parametrize(("proxies", "expected"), [(0, "127.0.0.1"), (1, "203.0.113.7")])
def test_proxyfix_trusts_only_the_configured_number_of_proxies(database_url, catalogue, proxies, expected):
    app = make(database_url, catalogue, TESTING=True, TRUSTED_PROXIES=proxies)

    @app.get("/_address")
    def address():
        from flask import request

        return request.remote_addr

    response = app.test_client().get("/_address", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_data(as_text=True) == expected


def test_an_unexpected_error_is_logged_as_json_with_its_traceback(database_url, catalogue, capsys):
    app = make(database_url, catalogue, COURSE_ENV="testing")

    @app.get("/_boom")
    def boom():
        raise ValueError("kaboom")

    response = app.test_client().get("/_boom")
    assert response.status_code == 500
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    error = next(line for line in lines if line["level"] == "error")
    assert "ValueError: kaboom" in error["traceback"] and error["path"] == "/_boom" and error["request_id"] == response.headers["X-Request-Id"]
