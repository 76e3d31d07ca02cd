"""Step kinds as the report sees them: one module per family, each holding its kinds' report
section builders (which choose the section's blocks) and the method notes of the kinds used.

`reports/build.py` lists the builders explicitly (`SECTIONS`); nothing registers itself on
import. The catalog side of a kind (settings, validation) is still in `catalog/`.
"""

# The report package first: it lists these modules' builders (`reports/build.py`), so a kind
# module imported on its own must not start that listing half-way through its own import.
from .. import reports  # noqa: F401
