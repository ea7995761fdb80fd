"""Writing the monthly report table as CSV (UTF-8 with a byte-order mark, so that spreadsheet programs on
Windows read Tibetan and Chinese right) or XLSX (openpyxl)."""
import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


def to_csv(lines: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(lines)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(lines: list[list], *, title: str, subtitle: str, bold_rows: set[int]) -> bytes:
    """Title, subtitle, a blank row, then the header (row 4) and the data; ``bold_rows`` are indexes into
    ``lines`` (the header is 0) for subtotals and the total."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "report"
    sheet.append([title])
    sheet.append([subtitle])
    sheet.append([])
    sheet["A1"].font = Font(bold=True, size=14)
    for index, line in enumerate(lines):
        sheet.append(line)
        if index == 0 or index in bold_rows:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for cell in sheet[4]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "D5"
    widths = [10, 24, 18] + [14] * (len(lines[0]) - 3)
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
