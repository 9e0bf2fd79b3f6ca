"""Word documents: text converted per paragraph across runs; formatting and parts kept.

The documents are built here with python-docx (plus one hand-written footnotes part)
rather than stored as binary fixtures, so every input is readable in the test itself.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile

import pytest

import translit
from translit.formats import FormatError, FormatOptions, format_for

docx = pytest.importorskip("docx")

TO_LATIN = translit.Transliterator("cyrillic", "latin")
TO_CYRILLIC = translit.Transliterator("latin", "cyrillic")
DOCX = format_for("a.docx")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def convert(data: bytes, tr: translit.Transliterator = TO_LATIN) -> bytes:
    return DOCX.convert_bytes(data, tr, FormatOptions())


def build() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph()
    bold = paragraph.add_run("Ш")
    bold.bold = True
    paragraph.add_run("аҳар ҳақида АҚ")
    italic = paragraph.add_run("Ш")
    italic.italic = True
    paragraph.add_run(" газеталари: https://шаҳар.uz")
    document.add_paragraph("Тоқа").add_run("ев")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Бухоро"
    table.cell(0, 1).text = "Самарқанд"
    section = document.sections[0]
    section.header.paragraphs[0].text = "Сарлавҳа"
    section.footer.paragraphs[0].text = "Саҳифа"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def texts(data: bytes) -> list[list[tuple[str, bool | None, bool | None]]]:
    document = docx.Document(io.BytesIO(data))
    return [[(r.text, r.bold, r.italic) for r in p.runs] for p in document.paragraphs]


def test_runs_kept_and_split_words_converted_as_words() -> None:
    out = convert(build())
    assert texts(out) == [
        [("Sh", True, None), ("ahar haqida AQ", None, None), ("SH", None, True),
         (" gazetalari: https://шаҳар.uz", None, None)],
        [("Toqa", None, None), ("yev", None, None)],
    ]


def test_tables_headers_footers() -> None:
    document = docx.Document(io.BytesIO(convert(build())))
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Buxoro", "Samarqand"]
    assert document.sections[0].header.paragraphs[0].text == "Sarlavha"
    assert document.sections[0].footer.paragraphs[0].text == "Sahifa"


def test_round_trip_back_to_cyrillic() -> None:
    back = convert(convert(build()), TO_CYRILLIC)
    assert texts(back)[0] == texts(build())[0]


def _with_footnotes(data: bytes) -> bytes:
    """Add a footnotes part (python-docx has no API to create one)."""
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p>'
        '<w:r><w:rPr><w:lang w:val="uz-Cyrl-UZ"/></w:rPr><w:t>Изоҳ</w:t></w:r>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> ва </w:t></w:r>'
        "<w:r><w:t>Ш</w:t></w:r><w:r><w:tab/><w:t>аҳар</w:t></w:r>"
        "<w:r><w:instrText> HYPERLINK шаҳар </w:instrText></w:r>"
        "</w:p></w:footnote></w:footnotes>"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                    b"</Types>",
                )
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFoot" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


def test_footnotes_lang_tabs_and_field_codes() -> None:
    out = convert(_with_footnotes(build()))
    xml = zipfile.ZipFile(io.BytesIO(out)).read("word/footnotes.xml").decode("utf-8")
    assert re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml) == ["Izoh", " va ", "Sh", "ahar"]
    assert 'w:val="uz-Latn-UZ"' in xml
    assert "HYPERLINK шаҳар" in xml  # a field code is not text
    assert 'xml:space="preserve"> va <' in xml


def test_text_box_paragraph_is_its_own_paragraph() -> None:
    # A paragraph nested in a run (text box) must not be glued to the outer one.
    document = docx.Document()
    outer = document.add_paragraph("АҚ")
    box = outer.add_run()._r
    from docx.oxml import parse_xml

    box.append(parse_xml(
        f'<w:pict xmlns:w="{W}"><w:txbxContent><w:p><w:r><w:t>Ш</w:t></w:r></w:p>'
        "</w:txbxContent></w:pict>"
    ))
    data = io.BytesIO()
    document.save(data)
    out = convert(data.getvalue())
    xml = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml").decode("utf-8")
    assert re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml) == ["AQ", "Sh"]


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x05\x06" + b"\x00" * 18])
def test_malformed_docx(data: bytes) -> None:
    with pytest.raises(FormatError, match=r"not a readable \.docx"):
        convert(data)


def test_text_methods_are_refused() -> None:
    assert DOCX.binary
    with pytest.raises(TypeError):
        DOCX.convert_text("x", TO_LATIN, FormatOptions())


def test_missing_lxml_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lxml.etree", None)
    with pytest.raises(translit.MissingExtraError) as info:
        convert(b"")
    assert info.value.extra == "docx"
    assert "uz-translit[docx]" in str(info.value)


def test_default_language_in_styles_follows_the_script() -> None:
    document = docx.Document()
    for lang in document.styles.element.iter(f"{{{W}}}lang"):
        lang.set(f"{{{W}}}val", "uz-Cyrl-UZ")
    document.add_paragraph("Шаҳар")
    data = io.BytesIO()
    document.save(data)
    out = convert(data.getvalue())
    styles = zipfile.ZipFile(io.BytesIO(out)).read("word/styles.xml").decode("utf-8")
    assert 'w:val="uz-Latn-UZ"' in styles and "uz-Cyrl" not in styles


def test_broken_xml_part_reports_line_and_column() -> None:
    source = zipfile.ZipFile(io.BytesIO(build()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = content.replace(b"</w:body>", b"</w:bod>")
            target.writestr(item, content)
    with pytest.raises(FormatError, match="malformed XML") as info:
        convert(out.getvalue())
    assert info.value.line is not None and info.value.column is not None
