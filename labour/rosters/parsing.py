"""Reading a roster file (CSV or XLSX) into numbered rows of text, before any rule is checked.

Row numbers are those a person sees in a spreadsheet: the header is row 1. Headers may be the English field
names or the usual Chinese ones; CSV may be UTF-8 (with or without the BOM Excel writes) or GB18030 (what
Chinese Excel saves by default).
"""
import csv
import io
import zipfile
from datetime import date, datetime

from labour.i18n import Message, N_

COLUMNS = ("name", "id_number", "phone", "birth_date", "gender", "education", "registered_county_code",
           "township", "village")
REQUIRED_COLUMNS = ("name", "id_number", "registered_county_code")
HEADER_ALIASES = {
    "姓名": "name", "身份证号": "id_number", "身份证号码": "id_number", "公民身份号码": "id_number",
    "手机号": "phone", "手机号码": "phone", "联系电话": "phone", "出生日期": "birth_date", "性别": "gender",
    "文化程度": "education", "学历": "education", "户籍所在县": "registered_county_code",
    "户籍县代码": "registered_county_code", "户籍县": "registered_county_code", "乡镇": "township", "村": "village",
    "村居": "village",
}


class FileProblem(Exception):
    """The file as a whole cannot be read; ``message`` says why."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def _header(cells) -> dict[str, int]:
    """column name -> index; unknown columns are ignored, a missing required one is a file problem."""
    found = {}
    for index, cell in enumerate(cells):
        name = str(cell or "").strip().lstrip("\ufeff")
        key = HEADER_ALIASES.get(name, name.lower())
        if key in COLUMNS and key not in found:
            found[key] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        raise FileProblem(Message(N_("The header row lacks the columns: %(columns)s."), columns=", ".join(missing)))
    return found


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(table, *, numeric: set | None = None):
    """Yield (row number, {column: text}) from an iterator of rows whose first row is the header."""
    iterator = iter(table)
    try:
        header = _header(next(iterator))
    except StopIteration:
        raise FileProblem(Message(N_("The file is empty."))) from None
    for number, cells in enumerate(iterator, start=2):
        values = {name: _cell(cells[i]) if i < len(cells) else "" for name, i in header.items()}
        if not any(values.values()):
            continue
        if numeric is not None and header.get("id_number") is not None:
            raw = cells[header["id_number"]] if header["id_number"] < len(cells) else None
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                numeric.add(number)
        yield number, values


def read_csv(content: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileProblem(Message(N_("The file is not readable text (save it as UTF-8 CSV).")))
    if "\x00" in text:
        raise FileProblem(Message(N_("The file is not readable text (save it as UTF-8 CSV).")))
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        return list(_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))), set()
    except csv.Error:
        raise FileProblem(Message(N_("The file is not a valid CSV file."))) from None


def read_xlsx(content: bytes):
    """The first sheet. ``numeric`` collects rows whose ID number is a number cell (digits lost to rounding)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise FileProblem(Message(N_("The file is not a readable XLSX workbook."))) from None
    try:
        if not workbook.worksheets:
            raise FileProblem(Message(N_("The file is empty.")))
        numeric: set = set()
        rows = list(_rows(workbook.worksheets[0].iter_rows(values_only=True), numeric=numeric))
        return rows, numeric
    finally:
        workbook.close()


def read_roster(content: bytes, fmt: str):
    """([(row number, {column: text})], {row numbers whose ID number was stored as a number})."""
    return read_xlsx(content) if fmt == "xlsx" else read_csv(content)
