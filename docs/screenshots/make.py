"""Regenerate the screenshots in docs/screenshots/ (run from the repository root: ``python docs/screenshots/make.py``).

What it does: builds the app on a temporary SQLite database with the demo data of ``course init --demo``
(``course.services.demo``), serves it on 127.0.0.1 on a free port, signs in as the demo learner and the demo
trainer with Playwright and Debian's chromium (``/usr/bin/chromium``, the flags of ``tests/e2e/conftest.py``),
and writes PNGs of the learner's dashboard, a lesson and the trainer's cohort page at 1366x900 (desktop) and
390x844 (phone), each at most two screens tall, with the README listing them beside this file.

Needs the test extra (``pip install -e '.[test]'``: playwright) and ``apt-get install chromium``. Nothing outside
docs/screenshots/ is written; the temporary database and keys are deleted at the end. Options: ``--out DIR``.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
MAX_BYTES = 300_000
LEARNER, TRAINER = "anna@demo.example", "trener@demo.example"  # course.services.demo.DEMO_PEOPLE
# (file stem, who, path or None for the first lesson, alt text)
SHOTS = (
    ("dashboard", LEARNER, "/me/", "The learner's dashboard (Moje postępy): progress per unit, next steps and the "
                                   "status of each of the 31 learning outcomes, for the demo learner Anna"),
    ("lesson", LEARNER, None, "The first lesson of unit M2_03 with its table of contents, reading time and "
                              "the outcomes it teaches"),
    ("cohort", TRAINER, "/trainer/", "The trainer's cohort page (Panel trenera): the learners x outcomes matrix "
                                     "of the demo organisation with filters and the share of learners who attained each outcome"),
)


def build_app(workdir: Path):
    """The app on a fresh SQLite file with the demo organisation, trainer, org admin and learners."""
    os.environ.update({
        "DATABASE_URL": f"sqlite:///{workdir / 'screens.sqlite3'}", "COURSE_ENV": "development", "SECRET_KEY": "screenshots",
        "RATELIMIT_ENABLED": "false", "CREDENTIAL_KEY_FILE": str(workdir / "key.pem"), "REDIS_URL": "", "XAPI_ENDPOINT": "",
    })
    from flask_migrate import upgrade

    from course import MIGRATIONS_DIR, create_app
    from course.extensions import current_catalogue, db
    from course.services.demo import create_demo_data

    app = create_app()
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        _organisation, logins = create_demo_data(current_catalogue())
        db.session.commit()  # this script is the boundary, like `course init --demo`
        passwords = {user.email: password for user, password in logins}
        first_lesson = current_catalogue().units[0].lessons[0]
        lesson_path = f"/units/{current_catalogue().units[0].id}/lessons/{first_lesson.slug}"
    return app, passwords, lesson_path


def serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    if "/auth/login" in page.url:
        raise SystemExit(f"could not sign in as {email}")


def shoot(page, url: str, width: int, height: int) -> bytes:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    full = page.evaluate("document.documentElement.scrollHeight")
    png = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": min(full, 2 * height)})
    return small_png(png)


def small_png(png: bytes) -> bytes:
    """PNGs under MAX_BYTES: an adaptive palette (text and flat colours survive it) when the full-colour file is larger."""
    if len(png) <= MAX_BYTES:
        return png
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    for colours in (256, 128, 64):
        buffer = io.BytesIO()
        image.quantize(colors=colours, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= MAX_BYTES:
            return buffer.getvalue()
    return buffer.getvalue()


def write_readme(out: Path, files: list[tuple[str, str, str]]) -> None:
    lines = ["# Screenshots", "",
             "Made by `python docs/screenshots/make.py` from the demo data of `course init --demo` (Polish interface);",
             "run it again after changing the pages. Desktop 1366x900, phone 390x844, at most two screens tall.", "",
             "| file | viewport | what it shows |", "|---|---|---|"]
    lines += [f"| [{name}]({name}) | {viewport} | {alt} |" for name, viewport, alt in files]
    lines += [""] + [f"![{alt}]({name})" for name, viewport, alt in files if viewport.startswith("desktop")] + [""]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS

    args.out.mkdir(parents=True, exist_ok=True)
    written: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="course-screens-") as tmp:
        app, passwords, lesson_path = build_app(Path(tmp))
        server = serve(app)
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for viewport, (width, height) in VIEWPORTS.items():
                    for who in (LEARNER, TRAINER):
                        context = browser.new_context(viewport={"width": width, "height": height}, locale="pl-PL")
                        page = context.new_page()
                        sign_in(page, base, who, passwords[who])
                        for stem, person, path, alt in SHOTS:
                            if person != who:
                                continue
                            name = f"{stem}-{viewport}.png"
                            png = shoot(page, base + (path or lesson_path), width, height)
                            (args.out / name).write_bytes(png)
                            written.append((name, f"{viewport} {width}x{height}", alt))
                            print(f"{name}: {len(png) // 1024} KB")
                        context.close()
                browser.close()
        finally:
            server.shutdown()
    order = {stem: n for n, (stem, *_rest) in enumerate(SHOTS)}
    written.sort(key=lambda item: (order[item[0].rsplit("-", 1)[0]], item[1]))
    write_readme(args.out, written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
