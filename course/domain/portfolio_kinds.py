"""The five kinds of portfolio entry, their fields (after the course's templates in content/templates/)
and a filled-in example of each, shown beside the empty form. Labels are Polish course text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """One field of an entry kind, in the shape of GET /api/v1/portfolio/entry-kinds."""

    id: str
    label: str
    type: str  # text | date | number | choice
    required: bool = True
    choices: tuple[str, ...] = ()
    hint: str = ""
    long: bool = True  # a text area rather than one line

    def as_json(self) -> dict:
        data = {"id": self.id, "label": self.label, "type": self.type, "required": self.required}
        if self.type == "choice":
            data["choices"] = list(self.choices)
        return data


@dataclass(frozen=True)
class EntryKind:
    """A kind of entry: its title, the template it follows, its fields and a filled-in example."""

    id: str
    title: str
    template: str
    fields: tuple[FieldSpec, ...]
    example: dict

    def field(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.id == field_id), None)

    def as_json(self) -> dict:
        return {"title": self.title, "fields": [f.as_json() for f in self.fields]}


# The status scale of the progress-review template (O / W / Z / N).
GOAL_STATUSES = ("osiągnięty", "w toku", "zagrożony", "nierozpoczęty")
MEETING_FORMS = ("osobiście", "online", "telefonicznie", "obserwacja przy pracy", "mieszana")

AGREEMENT = EntryKind("agreement", "Umowa mentoringowa", "umowa-mentoringowa", (
    FieldSpec("context", "Zawód, stanowisko lub miejsce praktyki mentee (bez nazwisk)", "text", long=False),
    FieldSpec("basis", "Podstawa udziału", "choice", choices=(
        "umowa o pracę", "praktyczna nauka zawodu", "praktyka zawodowa", "staż", "program wdrożenia do pracy", "inna")),
    FieldSpec("goals", "Cele mentoringu (od dwóch do czterech, SMART) i dowody ich osiągnięcia", "text"),
    FieldSpec("expectations", "Oczekiwania mentee, mentora, pracodawcy i szkoły", "text"),
    FieldSpec("start", "Data rozpoczęcia współpracy", "date"),
    FieldSpec("end", "Planowana data zakończenia", "date", required=False),
    FieldSpec("frequency", "Częstotliwość, czas trwania i forma spotkań", "text", long=False),
    FieldSpec("reviews", "Terminy przeglądów postępów", "text", long=False),
    FieldSpec("rules", "Zasady współpracy (przygotowanie, odwoływanie, informacja zwrotna, konflikty)", "text"),
    FieldSpec("confidentiality", "Poufność i jej granice: co, komu i w jakiej formie przekazujemy", "text"),
    FieldSpec("data_protection", "Ochrona danych: administrator, gdzie przechowujemy zapisy, kto ma dostęp, jak długo", "text"),
    FieldSpec("ending", "Wcześniejsze zakończenie współpracy", "text", required=False),
), {
    "context": "uczeń 2 klasy technikum, mechanik pojazdów samochodowych, praktyka w warsztacie",
    "basis": "praktyczna nauka zawodu",
    "goals": "1. Do 30 kwietnia samodzielnie wykonuje wymianę klocków hamulcowych według karty technologicznej "
             "(dowód: 3 kolejne wymiany bez poprawek). 2. Do 15 maja przyjmuje zlecenie od klienta i wypełnia kartę zlecenia "
             "bez pomocy (dowód: 5 kart sprawdzonych przez kierownika).",
    "expectations": "Mentee: pokazywanie zadań krok po kroku, czas na pytania. Mentor: punktualność, zapisywanie pytań. "
                    "Pracodawca: przestrzeganie zasad BHP. Szkoła: realizacja efektów z programu praktyki.",
    "start": "2026-03-02", "end": "2026-06-26",
    "frequency": "co tydzień, w piątek, 30 minut, osobiście w biurze warsztatu",
    "reviews": "ostatni piątek każdego miesiąca",
    "rules": "Tematy proponujemy do czwartku. Spotkanie przekładamy z wyprzedzeniem jednego dnia. Informację zwrotną "
             "dajemy w obie strony na końcu spotkania. Nieporozumienia omawiamy od razu, a w razie potrzeby z opiekunem ze szkoły.",
    "confidentiality": "Szkoła dostaje raz w miesiącu informację o postępach w zadaniach z programu. Sprawy osobiste "
                       "zostają między nami, chyba że grozi zagrożenie zdrowia lub naruszenie prawa.",
    "data_protection": "Administrator: pracodawca. Zapisy w zamykanej szafie w biurze i w teczce mentora pod aliasem; "
                       "dostęp ma mentor i kierownik warsztatu; niszczymy rok po zakończeniu praktyki.",
    "ending": "Każda strona może zakończyć współpracę po rozmowie zamykającej; informujemy koordynatora i szkołę.",
})

GOAL = EntryKind("goal", "Cel (SMART)", "umowa-mentoringowa", (
    FieldSpec("goal", "Cel: co dokładnie mentee będzie umieć lub robić", "text",
              hint="Konkretnie: czynność, warunki, poziom samodzielności."),
    FieldSpec("measure", "Po czym poznamy, że cel został osiągnięty (dowód)", "text",
              hint="Liczba, kryterium lub lista kontrolna, np. „3 kolejne wymiany bez poprawek”."),
    FieldSpec("achievable", "Dlaczego cel jest realistyczny: zasoby i wsparcie", "text"),
    FieldSpec("relevance", "Związek z pracą, programem praktyki lub kwalifikacją", "text"),
    FieldSpec("deadline", "Termin", "date"),
    FieldSpec("status", "Status", "choice", choices=GOAL_STATUSES),
), {
    "goal": "Samodzielnie wykonuje wymianę klocków hamulcowych w samochodach osobowych według karty technologicznej",
    "measure": "3 kolejne wymiany bez poprawek, sprawdzone przez mentora według listy kontrolnej z 8 punktami",
    "achievable": "W warsztacie jest około 4 takich zleceń tygodniowo; mentee zna już budowę układu hamulcowego ze szkoły.",
    "relevance": "Zadanie z programu praktyki i z kwalifikacji MOT.05; klienci często zamawiają tę usługę.",
    "deadline": "2026-04-30", "status": "w toku",
})

SESSION = EntryKind("session", "Zapis sesji", "zapis-sesji", (
    FieldSpec("number", "Numer spotkania", "number", required=False, long=False),
    FieldSpec("minutes", "Czas trwania (minuty)", "number", long=False),
    FieldSpec("form", "Forma spotkania", "choice", choices=MEETING_FORMS),
    FieldSpec("previous_actions", "Działania z poprzedniego spotkania: wykonane tak, częściowo czy nie", "text", required=False),
    FieldSpec("topics", "Cele i tematy spotkania (związek z celem z umowy)", "text"),
    FieldSpec("discussed", "Co omówiliśmy: najważniejsze informacje i wnioski (fakty, nie oceny osoby)", "text"),
    FieldSpec("actions", "Uzgodnione działania: co, kto, do kiedy, jak sprawdzimy", "text"),
    FieldSpec("mentee_reflection", "Refleksja mentee: co było najważniejsze, co wypróbuje", "text", required=False),
    FieldSpec("mentor_notes", "Uwagi mentora (obserwacje, fakty)", "text", required=False),
    FieldSpec("next_meeting", "Następne spotkanie", "date", required=False),
    FieldSpec("sharing", "Udostępnianie: co z tego spotkania i komu wolno przekazać (zgoda mentee)", "text", long=False),
), {
    "number": 3, "minutes": 30, "form": "obserwacja przy pracy",
    "previous_actions": "Przeczytać kartę technologiczną wymiany klocków: tak. Przygotować pytania: częściowo (2 z 3).",
    "topics": "Wymiana klocków hamulcowych przy kliencie (cel 1 z umowy).",
    "discussed": "Mentee wykonał wymianę z jedną podpowiedzią przy momencie dokręcania. Pominął 1 z 8 punktów listy "
                 "kontrolnej (jazda próbna). Ustaliliśmy, że lista leży przy podnośniku.",
    "actions": "1. Mentee wykona 2 wymiany z listą kontrolną do piątku; sprawdzam listę po każdej. "
               "2. Mentor pokaże klucz dynamometryczny w poniedziałek.",
    "mentee_reflection": "Najważniejsze było to, że sam znalazłem, czego zapomniałem. Spróbuję mówić na głos kolejne kroki.",
    "mentor_notes": "Pracował spokojnie, o pomoc poprosił raz, we właściwym momencie.",
    "next_meeting": "2026-03-20",
    "sharing": "Opiekun ze szkoły: postęp w celu 1 (zgoda mentee: tak). Reszta zostaje między nami.",
})

REVIEW = EntryKind("review", "Przegląd postępów", "przeglad-postepow", (
    FieldSpec("number", "Numer przeglądu", "number", required=False, long=False),
    FieldSpec("participants", "Inne osoby uczestniczące (funkcje, bez nazwisk)", "text", required=False, long=False),
    FieldSpec("evidence", "Cele a dowody: co konkretnie pokazuje postęp w każdym celu", "text"),
    FieldSpec("helped", "Co pomagało, a co utrudniało", "text"),
    FieldSpec("self_assessment", "Samoocena mentee (skala 1–5) z przykładami", "text"),
    FieldSpec("mentor_opinion", "Opinia mentora: mocne strony, obszary do pracy, różnice między samooceną a obserwacjami", "text"),
    FieldSpec("support", "Działania wspierające: co, kto, termin, zasoby", "text"),
    FieldSpec("plan", "Zaktualizowany plan: co zmieniamy i dlaczego", "text"),
    FieldSpec("next_review", "Termin następnego przeglądu", "date", required=False),
    FieldSpec("sharing", "Komu i w jakim zakresie przekazujemy wyniki (za zgodą mentee)", "text", long=False),
), {
    "number": 1, "participants": "opiekun praktyk ze szkoły (przez telefon)",
    "evidence": "Cel 1: 4 z 5 ostatnich wymian bez poprawek (zapisy sesji 2–4). Cel 2: 2 karty zlecenia wypełnione "
                "samodzielnie, 1 z pomocą.",
    "helped": "Pomagało: lista kontrolna przy podnośniku, stały termin spotkań. Utrudniało: dwa tygodnie bez zleceń na hamulce.",
    "self_assessment": "Wymiana klocków: 4 (robię sam). Karta zlecenia: 3 (z niewielką pomocą): „nie wiem, co wpisać przy usterkach dodatkowych”.",
    "mentor_opinion": "Mocna strona: dokładność i pytania w dobrym momencie. Do pracy: rozmowa z klientem. Samoocena zgodna "
                      "z obserwacjami w celu 1, w celu 2 mentee ocenia się nieco wyżej.",
    "support": "Kierownik przydzieli mentee 2 przyjęcia zleceń tygodniowo do 15 maja.",
    "plan": "Cel 1 uznajemy za osiągnięty. Cel 2 kontynuujemy. Nowy cel 3: wymiana oleju z filtrem do 31 maja.",
    "next_review": "2026-04-24", "sharing": "Szkoła: statusy celów i plan (zgoda mentee: tak).",
})

REFLECTION = EntryKind("reflection", "Refleksja mentora", "dziennik-uczenia-sie", (
    FieldSpec("experience", "Doświadczenie: co się wydarzyło, co zrobiłem lub zrobiłam", "text"),
    FieldSpec("feelings", "Refleksja: co czułem lub czułam, co poszło dobrze, co źle i dlaczego", "text"),
    FieldSpec("conclusions", "Wnioski: czego się nauczyłem lub nauczyłam jako mentor", "text"),
    FieldSpec("next_steps", "Następne kroki: co wypróbuję, kiedy, po czym poznam, że się udało", "text"),
), {
    "experience": "Na trzecim spotkaniu chciałem od razu poprawić błąd mentee przy dokręcaniu kół, ale zatrzymałem się i zapytałem, "
                  "co mówi karta technologiczna.",
    "feelings": "Czułem pośpiech, bo czekał klient. Dobrze, że mentee sam znalazł błąd; gorzej, że skróciłem rozmowę po pracy.",
    "conclusions": "Pytanie zamiast gotowej odpowiedzi działa także pod presją czasu. Rozmowę po zadaniu trzeba zaplanować, "
                   "a nie zostawiać na koniec dnia.",
    "next_steps": "Przez 2 tygodnie po każdym zadaniu przy kliencie zrobię 5 minut rozmowy; sprawdzę w zapisach sesji, czy się udało.",
})

ENTRY_KINDS: dict[str, EntryKind] = {k.id: k for k in (AGREEMENT, GOAL, SESSION, REVIEW, REFLECTION)}
