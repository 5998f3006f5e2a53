"""Polish wording for service error codes, shared by forms, the API and the CLI."""

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from course.domain.passwords import MIN_LENGTH

MESSAGES = {
    "email_invalid": _l("Podaj poprawny adres e-mail."),
    "email_taken": _l("Konto z tym adresem e-mail już istnieje. Zaloguj się lub użyj innego adresu."),
    "name_invalid": _l("Podaj imię i nazwisko (do 120 znaków)."),
    "password_too_short": _l("Hasło musi mieć co najmniej %(n)d znaków.", n=MIN_LENGTH),
    "password_too_long": _l("Hasło może mieć najwyżej 256 znaków."),
    "password_common": _l("To hasło jest zbyt popularne. Wybierz trudniejsze do odgadnięcia."),
    "password_contains_identity": _l("Hasło nie może zawierać Twojego imienia, nazwiska ani adresu e-mail."),
    "password_one_character": _l("Hasło nie może składać się z jednego lub dwóch powtarzanych znaków."),
    "password_wrong": _l("Obecne hasło jest nieprawidłowe."),
    "password_unchanged": _l("Nowe hasło musi różnić się od obecnego."),
    "join_code_unknown": _l("Nie znamy takiego kodu organizacji. Sprawdź go u osoby, która go przekazała."),
    "organisation_unknown": _l("Nie ma organizacji o takim identyfikatorze."),
    "organisation_required": _l("Trener i administrator organizacji muszą należeć do organizacji."),
    "slug_invalid": _l("Identyfikator może zawierać tylko małe litery a-z, cyfry i łączniki."),
    "slug_taken": _l("Organizacja o takim identyfikatorze już istnieje."),
    "attempts_exhausted": _l("Wykorzystano już wszystkie dozwolone podejścia do tego quizu."),
    "attempt_closed": _l("To podejście zostało już zakończone i nie można go zmieniać."),
    "summative_no_check": _l("W teście nie można sprawdzać odpowiedzi przed jego zakończeniem."),
    "grant_needs_summative": _l("Dodatkowe podejście można przyznać tylko do testu jednostki."),
    "time_up": _l("Czas na rozwiązanie minął. Podejście zostało zakończone z zapisanymi odpowiedziami."),
    "unknown_question": _l("W tym quizie nie ma takiego pytania."),
    "invalid_response": _l("Odpowiedź ma nieprawidłową postać dla tego typu pytania."),
    "question_locked": _l("To pytanie zostało już sprawdzone ostatecznie; odpowiedzi nie można zmienić."),
    "check_not_available": _l("Tego pytania nie można sprawdzić przed zakończeniem podejścia."),
    "no_answer": _l("Najpierw zaznacz lub wpisz odpowiedź."),
    "not_an_open_question": _l("Ocenić można tylko odpowiedź otwartą."),
    "attempt_not_submitted": _l("To podejście nie zostało jeszcze zakończone."),
    "score_out_of_range": _l("Wynik musi być liczbą od 0 do 1."),
    "unknown_outcome": _l("Nie ma takiego efektu uczenia się."),
    "not_a_competence": _l("Potwierdzać można tylko kompetencje (efekty K)."),
    "basis_invalid": _l("Podstawa potwierdzenia to „observation” (obserwacja) albo „portfolio” (oceniona praca z teczki mentora)."),
    "observation_required": _l("Opisz, co zaobserwowałeś lub zaobserwowałaś (co najmniej 20 znaków): sytuację, działanie i jego efekt."),
    "submission_not_assessed": _l("Wskaż ocenioną pracę z teczki mentora tej osoby (submission_id)."),
    "not_eligible": _l("Osoba ucząca się nie spełnia jeszcze wymagań do certyfikatu."),
    "already_certified": _l("Ta osoba ma już ważny certyfikat."),
    "reason_required": _l("Podaj powód (do 2000 znaków)."),
    "already_revoked": _l("Ten certyfikat został już unieważniony."),
    "valid_months_invalid": _l("Okres ważności podaj w miesiącach: od 1 do 120 (albo zostaw puste)."),
    "not_a_member": _l("Ta osoba nie jest członkiem organizacji."),
    "cannot_remove_self": _l("Nie możesz usunąć siebie z organizacji."),
    "feedback_invalid": _l("Wpisz informację zwrotną (do 5000 znaków)."),
    "signin_throttled": _l("Zbyt wiele nieudanych prób logowania. Odczekaj 15 minut i spróbuj ponownie."),
    "credentials_invalid": _l("Nieprawidłowy adres e-mail lub hasło."),
    "temporary_password_expired": _l("Hasło tymczasowe wygasło. Poproś administratora organizacji o nowe."),
    "password_change_required": _l("Najpierw zmień hasło tymczasowe na własne (strona Zmiana hasła)."),
    "name_control_characters": _l("Imię i nazwisko nie może zawierać znaków sterujących."),
    "erase_not_learner": _l("Konto trenera lub administratora usuwa administrator serwisu."),
    "retention_invalid": _l("Okres przechowywania podaj w miesiącach: od 1 do 240 (albo zostaw puste)."),
    "level_out_of_range": _l("Poziom musi być liczbą całkowitą od 1 do 4."),
}


def message_for(code: str) -> str:
    return str(MESSAGES.get(code, code))


def exhausted_message(next_attempt_at) -> str:
    """Why a new attempt cannot start: none left, or not yet (with the date of the next chance)."""
    if next_attempt_at is None:
        return message_for("attempts_exhausted")
    # In the locale's format and the course's time zone (Europe/Warsaw), like every date people read.
    return str(_l("Kolejne podejście będzie możliwe od %(date)s.", date=format_datetime(next_attempt_at, "short")))
