"""Item analysis of quizzes for trainers: facility, discrimination and reliability of the questions."""
