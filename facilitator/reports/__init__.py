"""The result report: `build_report` → `ReportData` → HTML, PDF, DOCX, XLSX, CSV and JSON."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from . import views  # noqa: E402, F401  (register routes on bp)
