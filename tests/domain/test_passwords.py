"""Password strength rules."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.domain.passwords import MIN_LENGTH, password_problems


@pytest.mark.parametrize(
    ("password", "email", "name", "expected"),
    [
        ("zielony-rower-nad-rzeka", "a@b.pl", "Anna Nowak", []),
        ("krótkie", "", "", ["too_short"]),
        ("", "", "", ["too_short"]),
        ("qwertyuiop", "", "", ["too_short", "common"]),
        ("QWERTYUIOP12", "", "", ["common"]),
        ("dragon123456!", "", "", ["common"]),
        ("1qaz2wsx3edc", "", "", ["common"]),
        ("Password1!", "", "", ["too_short", "common"]),
        ("1234567890 ", "", "", ["too_short", "common"]),
        ("aaaaaaaaaaaa", "", "", ["one_character"]),
        ("ababababababab", "", "", ["one_character"]),
        ("nowak-ma-kota-123", "x@y.pl", "Anna Nowak", ["contains_identity"]),
        ("jan.kowalski-haslo", "jan.kowalski@firma.pl", "Jan", ["contains_identity"]),
        ("x" * 300, "", "", ["too_long", "one_character"]),
        ("zażółć-gęślą-jaźń", "", "", []),
    ],
)
def test_password_rules(password, email, name, expected):
    assert password_problems(password, email=email, name=name) == expected


@given(st.text(alphabet=string.printable, min_size=0, max_size=MIN_LENGTH - 1))
def test_every_short_password_is_refused(password):
    assert "too_short" in password_problems(password)


@given(st.text(alphabet=string.ascii_letters + string.digits + "-_.!", min_size=MIN_LENGTH, max_size=40).filter(lambda p: len(set(p)) > 8))
def test_long_varied_passwords_are_accepted_without_identity(password):
    assert password_problems(password) in ([], ["common"])


def test_the_shipped_list_holds_ten_thousand_common_passwords():
    from course.domain.passwords import common_passwords

    listed = common_passwords()
    assert len(listed) >= 10_000 and {"123456", "password", "qwerty", "haslo123"} <= listed
