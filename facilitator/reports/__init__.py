"""The result report: `build_report` → `ReportData` → HTML, PDF, DOCX, XLSX, CSV and JSON.

The blueprint and its routes are in `views.py` (the app factory registers `views.bp`); this
package imports nothing, so a step kind's report module can use the report's blocks and data
without starting the routes' imports.
"""
