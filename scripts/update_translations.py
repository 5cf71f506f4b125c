"""Refresh resources/translations/historico_en.ts from the sources and build the .qm.

`python scripts/update_translations.py` runs pyside6-lupdate over app/views,
app/models and the grid report (app/printing/grid_report.py), adds the texts that
come from the data layer (column headers, statuses, ageing buckets: contexts
"columns" and "status", which lupdate cannot see), keeping every translation
already made, and runs pyside6-lrelease.
Untranslated entries are listed; fill them in with Qt Linguist (pyside6-linguist).
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.db.columns import Column  # noqa: E402
from app.db.negociacao import ACORDO_TITULO_COLUMNS  # noqa: E402
from app.db.recebimentos import COLUMNS as RECEBIMENTO_COLUMNS  # noqa: E402
from app.db.sections import SECTIONS  # noqa: E402
from app.domain.titulos import Bucket, Status  # noqa: E402

TS = ROOT / "resources" / "translations" / "historico_en.ts"
BIN = Path(sys.executable).parent
SEARCH_HEADERS = ("NOME", "CPF/CNPJ", "CIDADE/UF", "TOTAL A RECEBER", "CÓDIGO")


def data_layer_texts() -> dict[str, list[str]]:
    columns: list[Column[Any]] = [c for s in SECTIONS.values() for c in s.columns]
    columns += [*ACORDO_TITULO_COLUMNS, *RECEBIMENTO_COLUMNS]
    headers = [c.header for c in columns] + list(SEARCH_HEADERS)
    labels = [s.label for s in Status] + [b.label for b in Bucket]
    return {"columns": list(dict.fromkeys(headers)), "status": list(dict.fromkeys(labels))}


def existing(root: ET.Element) -> dict[tuple[str, str], str]:
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.text:
                found[(name, message.findtext("source", ""))] = translation.text
    return found


def main() -> int:
    before = existing(ET.parse(TS).getroot()) if TS.exists() else {}
    sources = [str(p) for d in ("app/views", "app/models") for p in sorted((ROOT / d).glob("*.py"))]
    sources.append(str(ROOT / "app" / "printing" / "grid_report.py"))  # the grid's report
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS)],
        check=True,
        cwd=ROOT,
    )
    tree = ET.parse(TS)
    root = tree.getroot()
    root.set("sourcelanguage", "pt_BR")
    for name, texts in data_layer_texts().items():
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for text in texts:
            message = ET.SubElement(context, "message")
            ET.SubElement(message, "source").text = text
            ET.SubElement(message, "translation", {"type": "unfinished"})
    untranslated = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            assert translation is not None
            if (name, source) in before:
                translation.text = before[(name, source)]
                translation.attrib.pop("type", None)
            elif not translation.text:
                untranslated.append(f"{name}: {source}")
    ET.indent(tree)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))],
        check=True,
        cwd=ROOT,
    )
    for line in untranslated:
        print(f"sem tradução: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
