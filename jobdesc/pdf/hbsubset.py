"""Subset an installed font by glyph id with HarfBuzz, exactly as WeasyPrint subsets it.

WeasyPrint embeds, per PDF it writes, a subset of each font that keeps the glyph ids of
the installed font (HarfBuzz "retain gids"), so a page's text refers to glyphs by their
id in the installed font. When the handbook joins many such PDFs, one subset holding the
union of their glyphs, cut from the same installed font the same way, can serve every
page (fontshare.py). HarfBuzz is what WeasyPrint itself uses (libharfbuzz-subset, a
WeasyPrint requirement); fontTools needs about 9 s per CJK face for the same job.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
hb_tag_t hb_tag_from_string(const char *str, int len);
void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned value);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
const char *hb_version_string(void);
"""
NO_HINTING, RETAIN_GIDS, DESUBROUTINIZE, PASSTHROUGH_UNRECOGNIZED = 0x1, 0x2, 0x4, 0x20
DROP_TABLE_TAG = 3
# The tables WeasyPrint drops from embedded fonts (weasyprint/pdf/fonts.py).
DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")


@lru_cache(maxsize=1)
def _libraries():
    """(ffi, harfbuzz, harfbuzz-subset), or None where the libraries cannot be loaded."""
    try:
        from cffi import FFI

        ffi = FFI()
        ffi.cdef(_CDEF)
        return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")
    except (ImportError, OSError, AttributeError):
        return None


def _subset_once(libs, face, glyphs: list[int], flags: int):
    ffi, hb, hbs = libs
    given = hbs.hb_subset_input_create_or_fail()
    if given == ffi.NULL:
        return None
    try:
        glyph_set = hbs.hb_subset_input_glyph_set(given)
        for glyph in glyphs:
            hb.hb_set_add(glyph_set, glyph)
        hbs.hb_subset_input_set_flags(given, flags)
        drop = hbs.hb_subset_input_set(given, DROP_TABLE_TAG)
        for tag in DROPPED_TABLES:
            hb.hb_set_add(drop, hb.hb_tag_from_string(tag, 4))
        result = hbs.hb_subset_or_fail(face, given)
        return None if result == ffi.NULL else result
    finally:
        hbs.hb_subset_input_destroy(given)


def _face_bytes(libs, face) -> Optional[bytes]:
    ffi, hb, _ = libs
    blob = hb.hb_face_reference_blob(face)
    try:
        length = ffi.new("unsigned int *")
        data = hb.hb_blob_get_data(blob, length)
        return None if data == ffi.NULL or not length[0] else ffi.unpack(data, length[0])
    finally:
        hb.hb_blob_destroy(blob)


def harfbuzz_version() -> str:
    """The loaded HarfBuzz's version ("" without it): another version may cut other bytes."""
    libs = _libraries()
    if libs is None:
        return ""
    ffi, hb, _ = libs
    return ffi.string(hb.hb_version_string()).decode("ascii", "replace")


def subset_by_glyph_id(file: str, index: int, glyphs: Iterable[int]) -> Optional[bytes]:
    """The font program WeasyPrint would embed for `glyphs` of face `index` in `file`
    (same two passes, same flags); None when HarfBuzz cannot do it."""
    libs = _libraries()
    wanted = sorted(set(glyphs))
    if libs is None or not wanted:
        return None
    ffi, hb, _ = libs
    blob = hb.hb_blob_create_from_file_or_fail(file.encode())
    if blob == ffi.NULL:
        return None
    face = hb.hb_face_create(blob, index)
    hb.hb_blob_destroy(blob)  # the face holds its own reference
    try:
        kept = _subset_once(libs, face, wanted, RETAIN_GIDS | PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE)
        if kept is None:
            return None
        try:
            # Second pass, as WeasyPrint: drop the empty glyphs after the last one used.
            final = _subset_once(libs, kept, list(range(wanted[-1] + 1)),
                                 PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE | NO_HINTING)
            if final is None:
                return None
            try:
                return _face_bytes(libs, final)
            finally:
                hb.hb_face_destroy(final)
        finally:
            hb.hb_face_destroy(kept)
    finally:
        hb.hb_face_destroy(face)
