"""Generate templates/jd.docx, the Word template job descriptions are filled into.

    python tools/make_docx_template.py [OUT]     # default: templates/jd.docx

The template carries everything a user may want to restyle in Word without Python:
page size and margins, the styles (Normal, Title, Subtitle, Heading 1/2, JD Label,
JD Note, JD Item, the "JD Table" table style), and the header and footer with their
placeholders ({organisation}, {title}, {document}, {page}). See docs/templates.md.
The output is deterministic (fixed dates and zip entries), so regenerating it changes
nothing unless this script changes.
"""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from jobdesc.jd.docx_fonts import DEFAULT_EAST_ASIA, DEFAULT_LATIN, prepare_styles  # noqa: E402
from jobdesc.jd.docx_package import deterministic_docx  # noqa: E402

ACCENT = RGBColor(0x1F, 0x5F, 0x99)
INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x6B, 0x77, 0x85)

TABLE_STYLE = f"""
<w:style {nsdecls('w')} w:type="table" w:customStyle="1" w:styleId="JDTable">
  <w:name w:val="JD Table"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="257" w:lineRule="atLeast"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="C9D2DC"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="C9D2DC"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="C9D2DC"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="C9D2DC"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="C9D2DC"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="C9D2DC"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="45" w:type="dxa"/><w:left w:w="130" w:type="dxa"/>
      <w:bottom w:w="45" w:type="dxa"/><w:right w:w="130" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F5F99"/></w:tcPr>
  </w:tblStylePr>
</w:style>
"""


def _font(style, size: float, bold: bool = False, color: RGBColor = INK) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = color
    style.font.name = DEFAULT_LATIN  # python-docx sets ascii/hAnsi; eastAsia below
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DEFAULT_EAST_ASIA)


def _paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def _line(style, points: float, rule: str = "atLeast") -> None:
    """Line height `points` at least (rule "atLeast"): the PDF's CSS line-height, whatever the
    face's own ascent and descent (Noto Sans CJK's single line is 1.45 em, Microsoft YaHei's
    1.32 em, PingFang's 1.4 em): a multiple of the face's line would paginate differently on
    each system."""
    spacing = style.element.get_or_add_pPr().get_or_add_spacing()
    spacing.set(qn("w:line"), str(round(points * 20)))
    spacing.set(qn("w:lineRule"), rule)


def make_styles(doc) -> None:
    """The sizes and spacing of templates/jd.css (the PDF), so a Word page holds what a PDF
    page holds: text 10.5 pt on 1.45 lines, tables 9.5 pt on 1.35, headings 11.5 pt."""
    normal = doc.styles["Normal"]
    _font(normal, 10.5)
    normal.paragraph_format.space_after = Pt(3)
    _line(normal, 10.5 * 1.45)

    title = doc.styles["Title"]
    _font(title, 20, bold=True)
    title.paragraph_format.space_after = Pt(4)
    _line(title, 20 * 1.25)
    # python-docx's Title has a bottom border and theme colour: replace with a plain accent rule.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(f"{{{ppr.nsmap['w']}}}pBdr"):
        ppr.remove(border)
    ppr.append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="4" '
                         f'w:color="1F5F99"/></w:pBdr>'))

    subtitle = doc.styles["Subtitle"]
    _font(subtitle, 9, color=MUTED)
    subtitle.font.italic = False
    subtitle.paragraph_format.space_after = Pt(0)
    _line(subtitle, 9 * 1.45)

    for name, size, before in (("Heading 1", 11.5, 11), ("Heading 2", 11, 8)):
        heading = doc.styles[name]
        _font(heading, size, bold=True, color=ACCENT)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True
        _line(heading, size * 1.45)

    table_text = _paragraph_style(doc, "JD Table Text")  # the cells' text: 9.5 pt, as jd.css's tables
    _font(table_text, 9.5)
    table_text.paragraph_format.space_before = table_text.paragraph_format.space_after = Pt(0)
    _line(table_text, 9.5 * 1.35)

    label = _paragraph_style(doc, "JD Label", "JD Table Text")
    _font(label, 9.5, bold=True, color=ACCENT)
    label.paragraph_format.space_after = Pt(0)

    note = _paragraph_style(doc, "JD Note")
    _font(note, 9, color=MUTED)
    note.paragraph_format.space_before = Pt(4)
    note.paragraph_format.keep_with_next = True

    item = _paragraph_style(doc, "JD Item")
    item.paragraph_format.space_after = Pt(2)

    for name in ("Header", "Footer"):
        _font(doc.styles[name], 8.5, color=MUTED)

    doc.styles.element.append(parse_xml(TABLE_STYLE))


def make_page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(1.9), Cm(1.7)  # jd.css's @page
    section.left_margin = section.right_margin = Cm(1.8)
    section.header_distance = section.footer_distance = Cm(1.0)
    usable = section.page_width - section.left_margin - section.right_margin

    # python-docx's Header/Footer styles stop tabs mid-page of US Letter, which put the title
    # in the middle of the header; the header's one tab goes to the right edge of this page.
    footer_stops = doc.styles["Footer"].paragraph_format.tab_stops
    footer_stops.clear_all()
    footer_stops.add_tab_stop(usable // 2, WD_TAB_ALIGNMENT.CENTER)
    footer_stops.add_tab_stop(usable, WD_TAB_ALIGNMENT.RIGHT)
    header_stops = doc.styles["Header"].paragraph_format.tab_stops
    header_stops.clear_all()
    header_stops.add_tab_stop(usable, WD_TAB_ALIGNMENT.RIGHT)
    header = section.header.paragraphs[0]
    header.text = "{organisation}\t{title} · {document}"
    footer = section.footer.paragraphs[0]
    footer.text = "{page}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER


# The faces the styles name, declared with what Word needs to substitute a missing one: a
# Chinese (GB2312, charset 86) sans (swiss) face of Microsoft YaHei's shape (panose). Word for
# Mac without Microsoft YaHei takes PingFang SC for it; LibreOffice and WPS on Linux take
# Noto Sans CJK SC (fontconfig), the face the PDF is set in.
FACES = f"""
<w:fonts {nsdecls('w')}>
  <w:font w:name="Microsoft YaHei"><w:altName w:val="微软雅黑"/><w:panose1 w:val="020B0503020204020204"/>
    <w:charset w:val="86"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
  <w:font w:name="Microsoft JhengHei"><w:altName w:val="微軟正黑體"/><w:panose1 w:val="020B0604030504040204"/>
    <w:charset w:val="88"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
</w:fonts>
"""
THEME_CJK = {"Hans": "Microsoft YaHei", "Hant": "Microsoft JhengHei"}  # the theme's 宋体 / 新細明體: serif


def declare_faces(doc) -> None:
    """The CJK faces in the font table, and in the theme in place of its serif ones (a new
    style a user makes in Word from a theme font stays a sans, as the house style)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    table = doc.part.part_related_by(RT.FONT_TABLE)  # a plain part: its bytes
    fonts = etree.fromstring(table.blob)
    for face in parse_xml(FACES):
        for element in [f for f in fonts if f.get(qn("w:name")) == face.get(qn("w:name"))]:
            fonts.remove(element)
        fonts.append(face)
    table._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)
    theme = doc.part.part_related_by(RT.THEME)
    blob = theme.blob.decode("utf-8")
    for script, face in THEME_CJK.items():
        blob = re.sub(f'<a:font script="{script}" typeface="[^"]*"/>', f'<a:font script="{script}" typeface="{face}"/>',
                      blob)
    theme._blob = blob.encode("utf-8")


def make_template() -> bytes:
    doc = Document()
    make_styles(doc)
    make_page(doc)
    prepare_styles(doc.styles.element, "zh-CN")
    declare_faces(doc)
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    doc.add_paragraph("jobdesc fills this document; edit styles, header, footer and margins, not this text.")
    core = doc.core_properties
    core.title, core.author, core.comments = "jobdesc job description template", "jobdesc", ""
    # python-docx's default package carries a thumbnail of its own sample page; drop it.
    package_rels = doc.part.package.rels
    for rel_id in [k for k, rel in package_rels.items() if rel.reltype.endswith("/thumbnail")]:
        del package_rels[rel_id]
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_docx(buffer.getvalue())


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "templates" / "jd.docx"
    out.write_bytes(make_template())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
