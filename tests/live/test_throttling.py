"""Throttling holds across the 4 workers of a real gunicorn, and only failures count."""

from __future__ import annotations

import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

from tests.live.conftest import VENV_BIN, request


def test_six_failed_sign_ins_spread_over_the_workers_the_sixth_is_throttled(live):
    anna = live.logins["anna"]
    statuses = [request(live.base, "POST", "/api/v1/auth/token", {"email": anna.email, "password": f"zle-haslo-{i}"})[0] for i in range(6)]
    assert statuses == [401] * 5 + [429]
    status, body = request(live.base, "POST", "/api/v1/auth/token", {"email": anna.email, "password": anna.password})
    assert status == 429 and body["error"]["code"] == "signin_throttled", "locked for 15 minutes, whatever the password"
    # One after the other, the kernel may hand every sign-in to the same worker. Another learner's six wrong
    # passwords at once keep several workers busy (each hashes a password), and the lock still holds: however the
    # six raced, at least five failures are counted, so the right password is refused next.
    other = next(v for k, v in live.logins.items() if k != "anna" and v.email.split("@")[0] == k)
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(lambda i: request(live.base, "POST", "/api/v1/auth/token",
                                                   {"email": other.email, "password": f"zle-haslo-{i}"})[0], range(6)))
    assert set(together) <= {401, 429} and together.count(401) >= 5, together
    status, body = request(live.base, "POST", "/api/v1/auth/token", {"email": other.email, "password": other.password})
    assert status == 429 and body["error"]["code"] == "signin_throttled"
    time.sleep(0.5)  # the access log is written after the response
    pids = {line.split()[0] for line in live.access_log.read_text().splitlines() if "/api/v1/auth/token" in line}
    assert len(pids) >= 2, f"the sign-ins should have reached several workers, saw {pids}"


def test_fifty_successful_sign_ins_from_one_address_all_succeed(live):
    lines = "\n".join(f"Kursant {n},kursant{n}@klasa.example" for n in range(50))
    csv_file = live.folder / "class.csv"
    csv_file.write_text("name,email\n" + lines + "\n")
    create = subprocess.run([str(VENV_BIN / "python"), "-c", CREATE_CLASS, str(csv_file)], env=live.env, capture_output=True, text=True, timeout=300)
    assert create.returncode == 0, create.stderr
    passwords = dict(line.split(" ", 1) for line in create.stdout.splitlines())
    started = time.monotonic()
    statuses = [request(live.base, "POST", "/api/v1/auth/token", {"email": email, "password": password})[0] for email, password in passwords.items()]
    elapsed = time.monotonic() - started
    print(f"50 successful sign-ins from one address in {elapsed:.1f} s")
    assert statuses == [200] * 50
    assert elapsed < 60, f"50 sign-ins took {elapsed:.1f} s"


# Creates 50 learners with known passwords in the live database (what an org admin's class would be).
CREATE_CLASS = """
import sys, csv
from course import create_app
from course.extensions import db
from course.services.accounts import create_user
app = create_app({"COURSE_CLI": True})
with app.app_context():
    for name, email in list(csv.reader(open(sys.argv[1])))[1:]:
        password = "zielona-lampa-nr-" + email.split("@")[0][7:]
        create_user(name, email, password, __import__("course.domain.roles", fromlist=["Role"]).Role.LEARNER, "demo")
        print(email, password)
    db.session.commit()
"""
