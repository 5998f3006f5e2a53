"""The production set-up in deploy/: gunicorn with its config serves the app; nginx accepts its config and proxies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import migrate_to_head
from tests.xapi.services import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _wait(url: str, process: subprocess.Popen) -> None:
    for _ in range(200):
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            assert process.poll() is None, "the server exited"
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


@pytest.fixture
def gunicorn_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    migrate_to_head(url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "deploy-test", "COURSE_BIND": f"127.0.0.1:{port}",
           "COURSE_WORKERS": "2", "PUBLIC_BASE_URL": "https://kurs.example.pl"}
    process = subprocess.Popen([str(GUNICORN), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "course:create_app()"],
                               env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    _wait(base + "/healthz", process)
    yield base
    process.terminate()
    process.wait(20)


def test_gunicorn_with_the_deploy_config_is_healthy_and_ready(gunicorn_server):
    with urllib.request.urlopen(gunicorn_server + "/healthz") as response:
        assert response.status == 200
    with urllib.request.urlopen(gunicorn_server + "/readyz") as response:
        assert response.status == 200 and b'"queue":"in-process"' in response.read().replace(b" ", b"")


def test_nginx_accepts_the_config_and_proxies_to_the_app(gunicorn_server, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (.ci/run installs nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    https_port, http_port = free_port(), free_port()
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = (site.replace("/etc/letsencrypt/live/kurs.example.pl/fullchain.pem", str(cert))
            .replace("/etc/letsencrypt/live/kurs.example.pl/privkey.pem", str(key))
            .replace("server 127.0.0.1:8000", "server " + gunicorn_server.removeprefix("http://"))
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;").replace("listen 80;", f"listen 127.0.0.1:{http_port};")
            .replace("/srv/course/app/course/static/", str(ROOT / "course" / "static") + "/"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; daemon off; events {{}}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};"
        f" fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};\n{site}\n}}\n")
    check = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import ssl

        context = ssl._create_unverified_context()  # noqa: S323 (a throw-away self-signed certificate)
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"https://127.0.0.1:{https_port}/healthz", context=context, timeout=1) as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("nginx did not proxy /healthz")
        with urllib.request.urlopen(f"https://127.0.0.1:{https_port}/static/css/app.css", context=context) as response:
            assert response.status == 200 and "public" in response.headers["Cache-Control"]
    finally:
        process.terminate()
        process.wait(10)
