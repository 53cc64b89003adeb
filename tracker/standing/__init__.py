"""Where each learner stands: one engine read by every page, CSV, API answer, flag and report.

`engine.standings_for` answers, for many learners and their progressions in a fixed number of
queries, each step's state, the day each step was mastered, the pace (supports.pace) and its
state in words; `engine.mastery_for` answers which competencies are mastered (by decision or
by roll-up) and on what day. `days` holds the pure rules (the day a roll-up was met, the pace
state); `reads` the queries.
"""
