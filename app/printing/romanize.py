"""Names and addresses in Latin letters, by each language's standard romanization.

- Japanese: modified Hepburn as on Japanese passports (long vowels unmarked: Tokyo,
  Shota), from pykakasi's readings; pykakasi ships its dictionary in the package.
- Chinese: Hanyu Pinyin without tones, one word per word (Beijing Shi is written
  Beijingshi): jieba cuts the words, pypinyin gives their readings from its phrase
  dictionary, so 重庆 reads Chongqing, not Zhongqing. Both ship their dictionaries.
- Korean: the Revised Romanization of Korean (korean-romanizer).
- Arabic, Hebrew: letter by letter, see `romanize_semitic`.
- Greek, Ukrainian, Bulgarian: the countries' official systems, see `romanize_europe`.
- Every other script: anyascii.

A personal name in Chinese or Korean is written surname first without a space
(王小明, 강지호); it comes out as 'Wang Xiaoming', 'Gang Jiho'. A Japanese name is
written with a space or cut by pykakasi's dictionary.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

import jieba  # type: ignore[import-untyped]
import pykakasi
from anyascii import anyascii
from korean_romanizer.romanizer import Romanizer  # type: ignore[import-untyped]
from pypinyin import lazy_pinyin

from app.printing.romanize_europe import bulgarian_to_latin, greek_to_latin, ukrainian_to_latin
from app.printing.romanize_semitic import arabic_to_latin, hebrew_to_latin, is_arabic, is_hebrew

jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at INFO
# Two-syllable surnames; every other Chinese or Korean surname is one character.
_CHINESE_SURNAMES = frozenset(("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容"))
_KOREAN_SURNAMES = frozenset(("남궁", "황보", "제갈", "선우", "독고", "사공", "서문"))
_EUROPEAN = {"el": greek_to_latin, "uk": ukrainian_to_latin, "bg": bulgarian_to_latin}
# Passport Hepburn writes long o and u as one letter (Tokyo, Shota, Yuki); before
# another vowel 'ou' is two syllables (Inoue), so it stays.
_LONG_VOWEL = re.compile(r"(o)[ou](?![aeiou])|(u)u(?![aeiou])")


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "kana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "han"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if is_arabic(ch):
        return "arabic"
    if is_hebrew(ch):
        return "hebrew"
    return "other"


@lru_cache(maxsize=1)
def _kakasi() -> pykakasi.kakasi:
    return pykakasi.kakasi()


def _hepburn(word: str) -> str:
    return _LONG_VOWEL.sub(lambda m: m.group(1) or m.group(2), word)


def japanese(text: str) -> str:
    """'田中 翔太' -> 'Tanaka Shota', '東京都' -> 'Tokyoto'."""
    words = []
    for item in _kakasi().convert(text):
        latin = item["hepburn"]
        if item["orig"].isspace() or not latin.strip():
            words.append(item["orig"] if item["orig"].isspace() else latin)
            continue
        words.append(" " + _capital(_hepburn(latin)) + " ")
    return " ".join("".join(words).split())


def chinese(text: str, name: bool = False) -> str:
    """'北京市朝阳区建国路' -> 'Beijingshi Chaoyangqu Jianguolu'; names surname apart."""
    if name and " " not in text.strip() and len(text.strip()) >= 2:
        text = text.strip()
        cut = 2 if text[:2] in _CHINESE_SURNAMES else 1
        return f"{_pinyin_word(text[:cut])} {_pinyin_word(text[cut:])}"
    return " ".join(_pinyin_word(word) for word in jieba.cut(text) if word.strip())


def _pinyin_word(word: str) -> str:
    return _capital("".join(lazy_pinyin(word)))


def korean(text: str, name: bool = False) -> str:
    """'강남구 테헤란로 152' -> 'Gangnamgu Teheranro 152'; '강지호' (a name) -> 'Gang Jiho'."""
    if name and " " not in text.strip() and len(text.strip()) >= 2:
        text = text.strip()
        cut = 2 if text[:2] in _KOREAN_SURNAMES and len(text) > 3 else 1
        return f"{_rr(text[:cut])} {_rr(text[cut:])}"
    return " ".join(_rr(word) for word in text.split())


def _rr(word: str) -> str:
    return _capital(str(Romanizer(word).romanize()))


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:] if word[:1].isalpha() else word


@lru_cache(maxsize=4096)
def romanize(text: str, language: str = "", *, name: bool = False) -> str:
    """`text` in Latin letters; `language` (an ISO 639-1 code) picks the system for
    scripts several languages share (Chinese characters, Cyrillic); `name` marks a
    person's name."""
    scripts = {_script(ch) for ch in text if not ch.isspace()}
    if "kana" in scripts or ("han" in scripts and language == "ja"):
        out = japanese(text)
    elif "han" in scripts:
        out = chinese(text, name)
    elif "hangul" in scripts:
        out = korean(text, name)
    elif "arabic" in scripts:
        out = arabic_to_latin(text)
    elif "hebrew" in scripts:
        out = hebrew_to_latin(text)
    elif language in _EUROPEAN:
        out = _EUROPEAN[language](text)
    else:
        out = text
    out = anyascii(unicodedata.normalize("NFC", out))
    return " ".join(out.split())
