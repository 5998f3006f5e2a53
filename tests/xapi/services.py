"""Real services for the integration tests: a ralph LRS and a private Redis, started and stopped by the test run."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from base64 import b64encode
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ralph_bin() -> Path | None:
    """ralph lives in a virtualenv of its own (its pins clash with ours): RALPH_VENV, or .venv-ralph (what .ci/run makes)."""
    for venv in (os.environ.get("RALPH_VENV"), ROOT / ".venv-ralph"):
        if venv and (Path(venv) / "bin" / "uvicorn").exists() and (Path(venv) / "bin" / "ralph").exists():
            return Path(venv) / "bin"
    return None


@dataclass
class Ralph:
    """A running ralph LRS with the fs backend in its own directory."""

    endpoint: str  # ".../xAPI/"
    username: str
    password: str
    directory: Path
    process: subprocess.Popen
    log: object = None

    def _request(self, path: str, data: bytes | None = None, method: str = "GET"):
        request = urllib.request.Request(self.endpoint.rstrip("/") + path, data=data, method=method)
        request.add_header("Authorization", "Basic " + b64encode(f"{self.username}:{self.password}".encode()).decode())
        request.add_header("X-Experience-API-Version", "1.0.3")
        request.add_header("Content-Type", "application/json")
        return urllib.request.urlopen(request, timeout=10)

    def statements(self) -> list[dict]:
        """Every statement the LRS holds, read back through its own GET API (following ``more``)."""
        found, path = [], "/statements?limit=1000"
        while path:
            with self._request(path) as response:
                page = json.loads(response.read())
            found += page["statements"]
            more = page.get("more")
            path = more.split("/xAPI", 1)[1] if more else None
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.log is not None:
            self.log.close()


def start_ralph(directory: Path) -> Ralph:
    bin_dir = ralph_bin()
    assert bin_dir is not None, "ralph is not installed (see .ci/run)"
    directory.mkdir(parents=True, exist_ok=True)
    password = secrets.token_hex(8)
    env = {**os.environ, "RALPH_APP_DIR": str(directory / "app"), "RALPH_AUTH_FILE": str(directory / "auth.json"),
           "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(directory / "data")}
    (directory / "data").mkdir(exist_ok=True)
    subprocess.run([str(bin_dir / "ralph"), "auth", "-u", "ci", "-p", password, "-s", "all", "-M", "mailto:ci@example.org", "-w"],
                   env=env, check=True, capture_output=True)
    port = free_port()
    log = open(directory / "ralph.log", "wb")  # noqa: SIM115 (closed by Ralph.stop)
    process = subprocess.Popen([str(bin_dir / "uvicorn"), "ralph.api:app", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            with urllib.request.urlopen(base + "/__heartbeat__", timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                log.close()
                raise RuntimeError((directory / "ralph.log").read_text()) from None
            time.sleep(0.1)
    else:
        process.kill()
        process.wait(10)
        log.close()
        raise RuntimeError("ralph did not start within 15 s")
    return Ralph(base + "/xAPI/", "ci", password, directory, process, log)


def validate_with_ralph(statements: list[dict]) -> list[str]:
    """Check statements against ralph's strict pydantic model (BaseXapiStatement), in ralph's interpreter."""
    script = (
        "import json,sys\n"
        "from ralph.models.xapi.base.statements import BaseXapiStatement\n"
        "errors=[]\n"
        "for s in json.load(sys.stdin):\n"
        "    try: BaseXapiStatement(**s)\n"
        "    except Exception as e: errors.append(s['id']+': '+str(e)[:500])\n"
        "print(json.dumps(errors))\n"
    )
    result = subprocess.run([str(ralph_bin() / "python"), "-c", script], input=json.dumps(statements), capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)


NODE_DIR = ROOT / "tests" / "xapi" / "node"


def xapi_validation_available() -> bool:
    return shutil.which("node") is not None and (NODE_DIR / "node_modules" / "xapi-validation").exists()


def validate_with_learning_locker(statements: list[dict]) -> list[str]:
    """Check statements with Learning Locker's xapi-validation rules (npm), which the LRS does not apply."""
    result = subprocess.run(["node", str(NODE_DIR / "validate.js")], input=json.dumps(statements), capture_output=True,
                            text=True, check=True, cwd=NODE_DIR)
    return json.loads(result.stdout)


@dataclass
class Redis:
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def start_redis() -> Redis:
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed (apt-get install redis-server; .ci/run does)"
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return Redis(f"redis://127.0.0.1:{port}/0", process)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not start")
