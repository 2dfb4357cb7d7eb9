"""East Asian fonts in Word: explicit faces, no theme fonts, the right Traditional face.

Word picks the font of a CJK character from `w:rFonts/@w:eastAsia`. When styles only
name theme fonts (`w:eastAsiaTheme="minorEastAsia"`, python-docx's default), Word on a
non-Chinese system falls back to MS Mincho, a Japanese face. So we remove every theme
font attribute and make sure docDefaults and the styles name a real face.

The template names Simplified Chinese faces (Microsoft YaHei …). For a zh-TW/zh-HK
handbook those faces would draw Traditional characters with mainland glyph shapes, so
known Simplified faces are swapped for their Traditional counterparts; any other face a
user chose is left alone.
"""
from __future__ import annotations

from typing import Optional

from docx.oxml.ns import qn

THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
DEFAULT_EAST_ASIA = "Microsoft YaHei"
DEFAULT_LATIN = "Arial"

TRADITIONAL_FACE = {
    "Microsoft YaHei": "Microsoft JhengHei",
    "微软雅黑": "Microsoft JhengHei",
    "DengXian": "Microsoft JhengHei",
    "等线": "Microsoft JhengHei",
    "SimHei": "Microsoft JhengHei",
    "黑体": "Microsoft JhengHei",
    "SimSun": "PMingLiU",
    "宋体": "PMingLiU",
    "NSimSun": "MingLiU",
    "KaiTi": "DFKai-SB",
    "楷体": "DFKai-SB",
    "Noto Sans CJK SC": "Noto Sans CJK TC",
    "Noto Serif CJK SC": "Noto Serif CJK TC",
    "Source Han Sans SC": "Source Han Sans TC",
    "Source Han Serif SC": "Source Han Serif TC",
}
HONG_KONG_FACE = {"Noto Sans CJK TC": "Noto Sans CJK HK", "Noto Serif CJK TC": "Noto Serif CJK HK",
                  "Source Han Sans TC": "Source Han Sans HK"}
WORD_LANG = {"zh-CN": "zh-CN", "zh-TW": "zh-TW", "zh-HK": "zh-HK", "en": "zh-CN"}  # of CJK text
LATIN_LANG = "en-US"


def localised_face(face: str, language: str) -> str:
    if language not in ("zh-TW", "zh-HK"):
        return face
    face = TRADITIONAL_FACE.get(face, face)
    return HONG_KONG_FACE.get(face, face) if language == "zh-HK" else face


def _rfonts(rpr) -> object:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    return fonts


def _default_rpr(styles_element):
    doc_defaults = styles_element.find(qn("w:docDefaults"))
    if doc_defaults is None:
        doc_defaults = styles_element.makeelement(qn("w:docDefaults"), {})
        styles_element.insert(0, doc_defaults)
    holder = doc_defaults.find(qn("w:rPrDefault"))
    if holder is None:
        holder = doc_defaults.makeelement(qn("w:rPrDefault"), {})
        doc_defaults.insert(0, holder)
    rpr = holder.find(qn("w:rPr"))
    if rpr is None:
        rpr = holder.makeelement(qn("w:rPr"), {})
        holder.append(rpr)
    return rpr


def prepare_styles(styles_element, language: str) -> None:
    """Remove theme fonts, give docDefaults explicit faces, localise CJK faces, set the language."""
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attribute in THEME_ATTRIBUTES:
            fonts.attrib.pop(qn(attribute), None)
        east_asia = fonts.get(qn("w:eastAsia"))
        if east_asia:
            fonts.set(qn("w:eastAsia"), localised_face(east_asia, language))
    rpr = _default_rpr(styles_element)
    fonts = _rfonts(rpr)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        if not fonts.get(qn(attribute)):
            fonts.set(qn(attribute), DEFAULT_LATIN)
    if not fonts.get(qn("w:eastAsia")):
        fonts.set(qn("w:eastAsia"), localised_face(DEFAULT_EAST_ASIA, language))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), WORD_LANG[language])
    # w:val is the language of Latin text (as in Word's own Chinese templates): tagged Chinese,
    # LibreOffice and WPS break English words at any letter ("External titl|e").
    lang.set(qn("w:val"), LATIN_LANG)


def east_asia_of(style, styles_element) -> str:
    """The eastAsia face a paragraph style resolves to (its basedOn chain, then docDefaults)."""
    seen = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        rpr = style.element.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = style.base_style
    return _rfonts(_default_rpr(styles_element)).get(qn("w:eastAsia")) or DEFAULT_EAST_ASIA


def set_run_east_asia(run, face: Optional[str]) -> None:
    """Name the CJK face on the run itself, so Word never guesses (e.g. MS Mincho)."""
    if face:
        _rfonts(run._r.get_or_add_rPr()).set(qn("w:eastAsia"), face)
