"""The "why" of an outcome's status, in plain words of the interface language, from the stored explanation."""

from __future__ import annotations

from flask_babel import gettext as _

from course.labels import METHODS


def percent(value: float | None) -> str:
    return f"{round((value or 0) * 100)}%"


def explain(explanation: dict | None) -> list[str]:
    """Sentences that explain a status: the rule, the evidence used, the value against the threshold."""
    if not explanation:
        return [_("Brak wyników: ten efekt nie był jeszcze sprawdzany.")]
    if explanation.get("method") == "competence":
        return _explain_competence(explanation)
    lines = [_("Reguła: %(method)s; próg: %(threshold)s; co najmniej %(n)d różnych pytań.",
               method=str(METHODS.get(explanation["method"], explanation["method"])), threshold=percent(explanation["threshold"]),
               n=explanation["min_items"])]
    reason = explanation["reason"]
    if reason == "no_evidence":
        lines.append(_("Brak wyników: rozwiąż test jednostki sprawdzający ten efekt."))
    elif reason == "practice_only":
        lines.append(_("Masz tylko wyniki ćwiczeń. Ćwiczenia nie liczą się do osiągnięcia efektu: rozwiąż test jednostki."))
    elif reason == "awaiting_marking" and not explanation.get("results"):
        lines.append(_("Twoja odpowiedź otwarta czeka na ocenę trenera."))
    else:
        value = percent(explanation["value"])
        if explanation["method"] == "n_times":
            lines.append(_("Wyniki na poziomie progu: %(k)d z wymaganych %(n)d.", k=explanation["at_or_above"], n=explanation["times"]))
        else:
            if reason == "provisional":
                lines.append(_("Twój wynik wstępny: %(value)s (liczba podejść: %(count)d).", value=value, count=explanation["results"]))
            else:
                lines.append(_("Twój wynik: %(value)s (liczba podejść: %(count)d).", value=value, count=explanation["results"]))
        lines.append(_("Różne pytania, na które odpowiedziano: %(k)d.", k=explanation["distinct_items"]))
        lines.append({  # only the sentence for this reason is translated and filled in
            "attained": lambda: _("Efekt osiągnięty: wynik sięga progu i odpowiedziano na wystarczająco wiele pytań."),
            "below_threshold": lambda: _("Wynik jest poniżej progu (%(threshold)s). Wartość pomiędzy poziomami liczy się jako niższa.",
                                 threshold=percent(explanation["threshold"])),
            "too_few_items": lambda: _("Wynik sięga progu, ale odpowiedziano na za mało różnych pytań (wymagane: %(n)d).", n=explanation["min_items"]),
            "awaiting_marking": lambda: _("Część odpowiedzi czeka na ocenę trenera; potem wynik zostanie przeliczony."),
            "provisional": lambda: _("Wynik sięga progu, ale liczy dotąd tylko pytania oceniane automatycznie. Efekt zostanie uznany, "
                             "gdy trener oceni odpowiedzi otwarte tego testu."),
            "portfolio_missing": lambda: _("Wynik testu sięga progu, ale ten efekt wymaga też ocenionego zadania z teczki mentora."),
            "portfolio_pending": lambda: _("Wynik testu sięga progu; zadanie z teczki mentora czeka na ocenę trenera."),
        }[reason]())
    if explanation.get("pending_reviews"):
        lines.append(_("Odpowiedzi otwarte czekające na ocenę trenera: %(n)d (nie są jeszcze wliczone do wyniku).",
                       n=explanation["pending_reviews"]))
    if explanation.get("practice_results"):
        lines.append(_("Ćwiczenia (nie liczą się do efektu): najlepszy wynik %(best)s, liczba podejść: %(n)d.",
                       best=percent(explanation.get("practice_best")), n=explanation["practice_results"]))
    lines.extend(explain_portfolio(explanation.get("portfolio")))
    return lines


def explain_portfolio(gate: dict | None) -> list[str]:
    """The portfolio gate's part of the "why": the task this outcome needs and where the learner is with it."""
    if not gate:
        return []
    line = _("Ten efekt wymaga także zadania z teczki mentora (%(task)s), ocenionego średnio co najmniej na poziomie 3 z 4.",
             task=gate["task_id"])
    state = {
        "none": _("Zadanie nie zostało jeszcze wysłane."),
        "awaiting_review": _("Zadanie czeka na ocenę trenera."),
        "returned": _("Trener zwrócił zadanie do poprawy: zobacz uwagi w teczce mentora."),
        "assessed": (_("Zadanie ocenione: %(v)s; warunek spełniony.", v=percent(gate["value"])) if gate.get("met")
                     else _("Zadanie ocenione: %(v)s; to poniżej progu 75%%.", v=percent(gate["value"]))),
    }.get(gate["state"], "")
    return [line, state]


def _explain_competence(explanation: dict) -> list[str]:
    own, trainer = explanation.get("self"), explanation.get("trainer")
    lines = [
        _("Reguła: samoocena co najmniej na poziomie %(s)d z 4 z pisemną refleksją", s=explanation["self_level"])
        + (_(" i potwierdzenie trenera co najmniej na poziomie %(t)d.", t=explanation["trainer_level"]) if explanation["require_trainer"] else "."),
        _("Twoja samoocena: poziom %(n)d.", n=own["level"]) if own else _("Nie ma jeszcze Twojej samooceny."),
    ]
    if trainer:
        lines.append(_("Ocena trenera: poziom %(n)d.", n=trainer["level"]))
        if trainer.get("comment"):
            lines.append(_("Komentarz trenera: %(c)s", c=trainer["comment"]))
        basis = explanation.get("basis") or {}
        if basis.get("basis") == "portfolio":
            lines.append(_("Podstawa oceny trenera: oceniona praca z teczki mentora (nr %(n)s).", n=basis.get("submission_id")))
        elif basis.get("basis") == "observation":
            lines.append(_("Podstawa oceny trenera: obserwacja opisana w komentarzu."))
    lines.append({
        "no_evidence": _("Wypełnij samoocenę kompetencji tej jednostki."),
        "attained": _("Kompetencja potwierdzona."),
        "awaiting_trainer": _("Twoja samoocena czeka na potwierdzenie trenera."),
        "trainer_below_level": _("Trener ocenił poziom poniżej wymaganego: popracuj nad tym obszarem i wypełnij samoocenę ponownie."),
        "self_below_level": _("Samoocena jest poniżej wymaganego poziomu: wróć do lekcji, poćwicz i oceń się ponownie."),
    }[explanation["reason"]])
    return lines
