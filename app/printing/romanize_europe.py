"""Greek, Ukrainian and Bulgarian in Latin letters, by each country's official system.

- Greek: ELOT 743 / ISO 843 (type 2, for passports and road signs) without accents:
  ου is ou, αυ and ευ are av, ev (af, ef before a voiceless consonant), χ is ch.
- Ukrainian: the national transliteration of 2010 (Cabinet resolution 55), used on
  passports: г is h, и is y, є ї й ю я are ye yi y yu ya at the start of a word and
  ie i i iu ia inside it, зг is zgh.
- Bulgarian: the Streamlined System of 2009 (Transliteration Act): щ is sht, ъ is a,
  and ия at the end of a word is ia.

Cyrillic of other languages (Russian, Belarusian, ...) is left to anyascii.
"""

from __future__ import annotations

import unicodedata

_GREEK = {
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}
_GREEK_VOICELESS = frozenset("θκξπστφχψ")

_UKRAINIAN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    "є": "ie",
    "'": "",
    "’": "",
}
_UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_BULGARIAN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sht",
    "ъ": "a",
    "ь": "y",
    "ю": "yu",
    "я": "ya",
}


def _word_case(out: str, word: str) -> str:
    if word.isupper() and len(word) > 1:
        return out.upper()
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


def _greek_word(word: str) -> str:
    plain = "".join(
        ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch)
    )
    out: list[str] = []
    i = 0
    while i < len(plain):
        ch, nxt = plain[i], plain[i + 1 : i + 2]
        if ch == "ο" and nxt == "υ":
            out.append("ou")
            i += 2
            continue
        if ch in "αεη" and nxt == "υ":
            after = plain[i + 2 : i + 3]
            voiceless = not after or after in _GREEK_VOICELESS
            out.append(_GREEK[ch] + ("f" if voiceless else "v"))
            i += 2
            continue
        out.append(_GREEK.get(ch, ch))
        i += 1
    return _word_case("".join(out), word)


def _ukrainian_word(word: str) -> str:
    lower = word.lower().replace("зг", "zgh")
    out: list[str] = []
    for i, ch in enumerate(lower):
        if i == 0 and ch in _UKRAINIAN_INITIAL:
            out.append(_UKRAINIAN_INITIAL[ch])
        else:
            out.append(_UKRAINIAN.get(ch, ch))
    return _word_case("".join(out), word)


def _bulgarian_word(word: str) -> str:
    lower = word.lower()
    core = lower.rstrip(",.;:")
    out = "".join(_BULGARIAN.get(ch, ch) for ch in core)
    if core.endswith("ия"):
        out = out[: -len("iya")] + "ia"
    return _word_case(out + lower[len(core) :], word)


def greek_to_latin(text: str) -> str:
    """'Γιώργος Παπαδόπουλος' -> 'Giorgos Papadopoulos'."""
    return " ".join(_greek_word(w) for w in text.split(" "))


def ukrainian_to_latin(text: str) -> str:
    """'Київ, вулиця Хрещатик' -> 'Kyiv, vulytsia Khreshchatyk'."""
    return " ".join(_ukrainian_word(w) for w in text.split(" "))


def bulgarian_to_latin(text: str) -> str:
    """'София, улица Шипка' -> 'Sofia, ulitsa Shipka'."""
    return " ".join(_bulgarian_word(w) for w in text.split(" "))
