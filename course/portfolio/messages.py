"""Polish wording for the portfolio's problem codes (fields, aliases, requirements), shared by pages and the API."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from course.domain.portfolio import ENTRY_KINDS, Unmet

FIELD_PROBLEMS = {
    "required": _l("to pole jest wymagane"),
    "not_text": _l("wpisz tekst (do 5000 znaków)"),
    "too_long": _l("tekst jest za długi (najwyżej 5000 znaków)"),
    "not_number": _l("podaj liczbę"),
    "not_date": _l("podaj datę w postaci RRRR-MM-DD"),
    "not_a_choice": _l("wybierz jedną z podanych możliwości"),
    "unknown_field": _l("tego pola nie ma w tym rodzaju wpisu"),
    "not_an_object": _l("podaj obiekt JSON"),
    "unknown_kind": _l("rodzaj wpisu to agreement, goal, session, review albo reflection"),
    "unknown_mentee": _l("nie masz takiego mentee"),
    "unknown_entry": _l("nie masz takiego wpisu"),
    "unknown_goal": _l("to nie jest cel tego mentee"),
    "only_for_reviews": _l("statusy celów podaje się tylko w przeglądzie postępów"),
    "deadline_not_after_date": _l("termin musi być późniejszy niż data wpisu"),
    "not_a_list_of_ids": _l("podaj listę identyfikatorów wpisów"),
    "contains_email": _l("usuń adres e-mail: w teczce nie zapisujemy danych kontaktowych (RODO art. 5 ust. 1 lit. c)"),
    "contains_pesel": _l("usuń numer PESEL: nie jest potrzebny w teczce mentora (RODO art. 5 ust. 1 lit. c)"),
    "contains_phone": _l("usuń numer telefonu: w teczce nie zapisujemy danych kontaktowych (RODO art. 5 ust. 1 lit. c)"),
    "alias_length": _l("alias ma od 2 do 40 znaków"),
    "alias_full_name": _l("to wygląda na imię i nazwisko; użyj aliasu, po którym nikt nie rozpozna mentee (np. „Uczeń A”, „Mentee z lakierni”)"),
    "alias_taken": _l("masz już mentee o tym aliasie"),
    "unknown_criterion": _l("tego kryterium nie ma w zadaniu"),
    "level_out_of_range": _l("wybierz poziom od 1 do 4"),
}

SERVICE_MESSAGES = {
    "entry_frozen": _l("Ten wpis jest częścią wysłanego zadania i nie można go zmieniać. Możesz dodać jego nową wersję."),
    "already_submitted": _l("To zadanie czeka już na ocenę trenera."),
    "not_awaiting_review": _l("To zadanie nie czeka na ocenę (zostało już ocenione albo zwrócone)."),
}


def field_problem(code: str) -> str:
    return str(FIELD_PROBLEMS.get(code, code))


def fields_message(problems: dict[str, str]) -> str:
    """One sentence naming every bad field and what is wrong with it."""
    parts = [f"„{name}”: {field_problem(code)}" for name, code in problems.items()]
    return _("Popraw pola: %(fields)s.", fields="; ".join(parts))


def unmet_message(unmet: Unmet) -> str:
    """A requirement of a task that the chosen entries do not meet, in plain Polish."""
    title = ENTRY_KINDS[unmet.kind].title if unmet.kind in ENTRY_KINDS else unmet.kind
    if unmet.code == "too_few":
        return _("%(kind)s: potrzeba co najmniej %(n)d, wybrano %(k)d.", kind=title, n=unmet.needed, k=unmet.got)
    if unmet.code == "span_too_short":
        return _("%(kind)s: od pierwszego do ostatniego musi minąć co najmniej %(n)d dni, jest %(k)d.", kind=title, n=unmet.needed, k=unmet.got)
    if unmet.code == "several_mentees":
        return _("Wszystkie wpisy muszą dotyczyć jednego mentee (wybrano wpisy %(k)d osób).", k=unmet.got)
    return _("Wybierz wpisy, które składają się na zadanie.")
