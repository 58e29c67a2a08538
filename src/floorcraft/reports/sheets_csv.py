"""Results sheets as CSV: each table as a block (caption row, header, rows, note), blocks split by a blank
row."""

from __future__ import annotations

import csv
import io

from floorcraft.reports.sheets import Sheet


def render_csv(sheet: Sheet) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([sheet.meta.title, sheet.meta.date])
    for table in (*sheet.tables, sheet.results):
        writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.header)
        writer.writerows(table.rows)
        if table.note:
            writer.writerow([table.note])
    writer.writerow([])
    writer.writerow(["Explanation"])
    writer.writerows([line] for line in sheet.explanation)
    return out.getvalue()
