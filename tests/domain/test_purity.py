"""The domain layer stays pure: importing it pulls in neither Flask nor SQLAlchemy."""

import pkgutil
import subprocess
import sys

import course.domain


def test_domain_imports_no_framework():
    modules = [f"course.domain.{m.name}" for m in pkgutil.iter_modules(course.domain.__path__)]
    assert modules, "course.domain has no modules"
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
