"""Pure rules: no Flask, no database; unit-tested on plain values.

`session` (dots, input, the join panel, ranking), `assessment` (answers summarised per
item, the risk matrix), `surveys` (scales, polls, weighted decisions), `team` (who may
do what). This package's `__init__` imports none of them.
"""
