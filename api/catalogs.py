"""The message catalogs: extraction from the code, merging, compiling, and a CSV round trip for review.

English is the source language. ``bo`` and ``zh_Hans`` must translate every message; a Tibetan
translation that no source confirms carries the translator comment ``needs-review`` (never the fuzzy
flag: fuzzy entries are left out of the compiled catalog and users would see English).
"""
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from api.config import ROOT

LOCALES = ("bo", "zh_Hans")
DIRECTORY = ROOT / "translations"
KEYWORDS = {"N_": None, "_": None, "gettext": None, "lazy_gettext": None, "_l": None,
            "ngettext": (1, 2), "lazy_ngettext": (1, 2)}
NEEDS_REVIEW = "needs-review"
SOURCE_DIRS = ("labour", "api", "jobs")


def po_path(locale: str) -> Path:
    return DIRECTORY / locale / "LC_MESSAGES" / "messages.po"


def js_messages():
    """The PWA's strings: ``_("…")`` in static/js, read by babel's javascript extractor (filename, line, message,
    comments, context)."""
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "static" / "js", method_map=[("**.js", "javascript")], keywords={"_": None},
        comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
    ):
        if isinstance(message, str):
            yield filename, lineno, message, comments, context


def extract(*, write: bool = True) -> Catalog:
    """Every marked string in the Python sources and in the PWA's ES modules (static/js)."""
    template = Catalog(project="labour", version="1", fuzzy=False)
    for directory in SOURCE_DIRS:
        method_map = [("**.py", "python")]
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / directory, method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            template.add(message, None, [(f"{directory}/{filename}", lineno)], auto_comments=comments,
                         context=context)
    for filename, lineno, message, comments, context in js_messages():
        template.add(message, None, [(f"static/js/{filename}", lineno)], auto_comments=comments, context=context)
    if write:
        with open(DIRECTORY / "messages.pot", "wb") as f:
            write_po(f, template, sort_output=True, no_location=True)
    return template


def read(locale: str) -> Catalog:
    path = po_path(locale)
    if not path.exists():
        return Catalog(locale=locale, fuzzy=False)
    with open(path, "rb") as f:
        return read_po(f, locale=locale)


def write(locale: str, catalog: Catalog) -> None:
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        write_po(f, catalog, sort_output=True, no_location=True, ignore_obsolete=True, width=120)


def update(locale: str, template: Catalog) -> tuple[int, int]:
    catalog = read(locale)
    before = {m.id for m in catalog if m.id}
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    write(locale, catalog)
    added = len({m.id for m in catalog if m.id} - before)
    missing = sum(1 for m in catalog if m.id and not m.string)
    return added, missing


def compile_catalog(locale: str) -> int:
    catalog = read(locale)
    with open(po_path(locale).with_suffix(".mo"), "wb") as f:
        write_mo(f, catalog, use_fuzzy=False)
    return sum(1 for m in catalog if m.id and m.string)


def export_rows():
    zh, bo = read("zh_Hans"), read("bo")
    for message in sorted((m for m in bo if m.id), key=lambda m: str(m.id)):
        zh_message = zh.get(message.id)
        yield [message.id, zh_message.string if zh_message else "", message.string,
               " | ".join(message.user_comments)]


def import_rows(rows) -> int:
    zh, bo = read("zh_Hans"), read("bo")
    changed = 0
    for row in rows:
        msgid = row["msgid"]
        for catalog, value in ((zh, row.get("zh_Hans")), (bo, row.get("bo"))):
            message = catalog.get(msgid)
            if message is None or value is None or value == message.string:
                continue
            message.string = value
            changed += 1
        message = bo.get(msgid)
        if message is not None and "bo_comment" in row:
            comments = [c.strip() for c in row["bo_comment"].split("|") if c.strip()]
            if comments != message.user_comments:
                message.user_comments = comments
                changed += 1
    write("zh_Hans", zh)
    write("bo", bo)
    return changed
