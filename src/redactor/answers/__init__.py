"""The candidate overview: the application form's export (XLSX, XLS, CSV) anonymised beside the documents."""

from __future__ import annotations

from redactor.answers.columns import ColumnPlan, Role, plan_columns, role_by_content, role_by_header
from redactor.answers.export import (
    OVERVIEW_CSV,
    OVERVIEW_XLSX,
    OverviewResult,
    PreparedExport,
    assign_numbers,
    prepare_export,
    write_overview,
)
from redactor.answers.read import ExportTable, read_export, read_export_bytes
from redactor.answers.verify import verify_overview

__all__ = [
    "OVERVIEW_CSV",
    "OVERVIEW_XLSX",
    "ColumnPlan",
    "ExportTable",
    "OverviewResult",
    "PreparedExport",
    "Role",
    "assign_numbers",
    "plan_columns",
    "prepare_export",
    "read_export",
    "read_export_bytes",
    "role_by_content",
    "role_by_header",
    "verify_overview",
    "write_overview",
]
