"""Make the shipped CJK fonts: Noto Sans CJK subset per language, with TrueType outlines.

Why: Noto Sans CJK has CFF (PostScript) outlines, which ReportLab cannot embed in a PDF,
and it is 20 MB a weight with every language in it. This script takes the Japanese,
Korean and Simplified Chinese faces of the Regular and Bold collections, keeps the
characters each language writes with, converts the cubic outlines to quadratic ones
(fontTools' cu2qu, within 1 unit of 1000) and writes one TrueType (glyf) file per
language and weight. Each language keeps its own regional glyph forms.

Characters kept (plus ASCII, Latin-1 and general punctuation, CJK symbols and
punctuation, full-width and half-width forms):

- JP: JIS X 0208 (kana, 6,355 kanji, symbols) and the kanji of Microsoft's cp932;
- KR: every Hangul syllable (11,172), Hangul Jamo and compatibility Jamo, and
  KS X 1001 (hanja and symbols);
- SC: GB2312 (6,763 hanzi), GBK's hanzi (21,003 including traditional forms).

The renamed families ("Crossdock CJK JP" etc.) follow the SIL OFL's rule that a
modified font does not carry the original's name; the licence goes with them.

Reproduce (Debian bookworm, fonts-noto-cjk 1:20220127+repack1-1):

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto
    pip install fonttools
    python resources/fonts/make_cjk.py noto/usr/share/fonts/opentype/noto resources/fonts

(about ten minutes a weight; pass Regular or Bold as a third argument to run the two
weights in two processes).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

# Face index in NotoSansCJK-*.ttc -> (language tag, codecs whose characters are kept).
FACES = {
    0: ("JP", ("euc_jp", "cp932")),
    1: ("KR", ("euc_kr",)),
    2: ("SC", ("gb2312", "gbk")),
}
MAX_ERROR = 1.0  # font units (of 1000): far below a printer dot at label sizes


def _double_byte(codec: str) -> set[int]:
    """Every character `codec` encodes in two bytes (lead and trail 0x81-0xFE / 0x40-)."""
    chars: set[int] = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                chars.add(ord(text))
    return chars


def characters(language: str, codecs: tuple[str, ...]) -> set[int]:
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    chars |= set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040))
    chars |= set(range(0xFF00, 0xFFF0))
    for codec in codecs:
        chars |= _double_byte(codec)
    if language == "JP":
        chars |= set(range(0x3040, 0x3100)) | set(range(0x31F0, 0x3200))
    if language == "KR":
        chars |= set(range(0xAC00, 0xD7A4)) | set(range(0x1100, 0x1200))
        chars |= set(range(0x3130, 0x3190))
    return chars


def to_truetype(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca with quadratic outlines (fontTools' otf2ttf)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0  # recomputed on save
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and nothing reads them
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, family: str, weight: str) -> None:
    names = font["name"]
    full = f"{family} {weight}" if weight != "Regular" else family
    postscript = f"{family.replace(' ', '')}-{weight}"
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family), (2, weight), (3, postscript), (4, full), (6, postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def make(source_dir: Path, out_dir: Path, weights: tuple[str, ...]) -> list[Path]:
    written = []
    for weight in weights:
        for index, (language, codecs) in FACES.items():
            # The faces of the collection share their outlines: read it anew for each.
            font = TTCollection(str(source_dir / f"NotoSansCJK-{weight}.ttc")).fonts[index]
            options = subset.Options()
            options.layout_features = []  # horizontal text, one region a file: no GSUB needed
            options.hinting = False
            options.name_IDs = ["*"]
            options.name_languages = ["*"]
            options.notdef_outline = True
            options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "DSIG"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=characters(language, codecs))
            subsetter.subset(font)
            to_truetype(font)
            rename(font, f"Crossdock CJK {language}", weight)
            path = out_dir / f"CrossdockCJK{language}-{weight}.ttf"
            font.save(str(path))
            written.append(path)
            print(f"{path.name}: {len(font.getGlyphOrder())} glyphs, {path.stat().st_size:,} bytes")
    return written


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: make_cjk.py NOTO_CJK_OTF_DIR OUT_DIR [Regular|Bold]")
    weights = (sys.argv[3],) if len(sys.argv) == 4 else ("Regular", "Bold")
    make(Path(sys.argv[1]), Path(sys.argv[2]), weights)
