"""Counting facts per group of learners in the database, for reports over a whole district."""
from collections.abc import Sequence

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.sql import Subquery

from .extensions import db


def count_by_group(groups: Sequence[Subquery], facts: Select, learner_id) -> list[tuple]:
    """The rows of `facts` (a SELECT of the columns to count by, about the learner `learner_id`) counted per
    group of learners, in one statement: (the group's columns..., the facts' columns..., how many).

    `groups` are subqueries with the same columns: the first a learner id, the others naming a group; a
    learner may be in several groups. Each is joined to the facts on its own, and the joins are then put
    together, not the groups first: PostgreSQL plans a join to one table from its statistics, while a join
    to a UNION it guessed at 25 million rows for 50,000 and spent half a second compiling the query (JIT).
    """
    per_group = [facts.with_only_columns(*list(group.c)[1:], *facts.selected_columns, maintain_column_froms=True)
                 .join(group, list(group.c)[0] == learner_id) for group in groups]
    counted = union_all(*per_group).subquery()
    columns = list(counted.c)
    return [tuple(row) for row in db.session.execute(select(*columns, func.count()).group_by(*columns))]
