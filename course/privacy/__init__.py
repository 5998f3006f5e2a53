"""Privacy pages: the notice, the learner's data (view, correct, export, erase), who looked."""
