"""The 31 outcomes are a public contract (DESIGN.md section 1): IDs, categories and texts never drift."""

import json
from collections import Counter
from pathlib import Path

EXPECTED = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "outcomes.json").read_text(encoding="utf-8"))

# DESIGN.md section 1: unit -> (W, U, K)
DESIGN_COUNTS = {"M2_03": (4, 2, 5), "M2_04": (2, 3, 6), "M2_05": (3, 2, 4)}


def test_outcomes_match_the_design_table(catalogue):
    outcomes = [o.as_json() for o in catalogue.outcomes]
    assert outcomes == EXPECTED
    assert len(outcomes) == 31
    counts = Counter((o["unit"], o["category"]) for o in outcomes)
    for unit, (w, u, k) in DESIGN_COUNTS.items():
        assert (counts[(unit, "knowledge")], counts[(unit, "skills")], counts[(unit, "competences")]) == (w, u, k)


def test_design_example_outcome(catalogue):
    by_id = {o.id: o for o in catalogue.outcomes}
    assert by_id["M2_04.W2"].text == "Rozumienie teorii, metod i modelów rozwiązywania konfliktów, których można użyć w procesie mentoringu"
    assert by_id["M2_03.K1"].text == by_id["M2_04.K1"].text == by_id["M2_05.K2"].text


def test_units_in_design_order(catalogue):
    assert [u.id for u in catalogue.units] == ["M2_03", "M2_04", "M2_05"]
    assert [len(u.objectives) for u in catalogue.units] == [5, 8, 6]
