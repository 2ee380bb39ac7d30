"""Arabic and Hebrew in Latin letters, letter by letter, without diacritics.

Arabic follows the ALA-LC / UN romanization with its special letters simplified to
plain ASCII (ḥ, ṣ, ḍ, ṭ, ẓ as h, s, d, t, z; ʻayn as ', hamza as '), as carriers
need it: the definite article is 'al-', alif, waw and ya are the long vowels a, u, i
(w and y next to a vowel), ta marbuta is 'a'. Hebrew follows the simplified
romanization of the Academy of the Hebrew Language used on Israeli road signs: bet,
kaf and pe without dagesh are v, kh and f, tsadi is ts, vav is v (o or u with holam or
shuruq), alef and ayin are silent.

Short vowels are written in Arabic and Hebrew only as optional marks (harakat,
niqqud). Where the source has them they are romanized; where it has none (most
addresses) no system can restore them without a dictionary, so محمد gives 'mhmd'
and מרכז gives 'mrkz'. Names on a label are best taken as the customer wrote them
in Latin script too, when the shop has that.
"""

from __future__ import annotations

_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "'", "ؤ": "'", "ئ": "'",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a", "پ": "p", "چ": "ch", "گ": "g",
    "ڤ": "v", "ی": "y", "ک": "k",
    "\u064e": "a", "\u0650": "i", "\u064f": "u", "\u064b": "an", "\u064d": "in",
    "\u064c": "un", "\u0652": "", "\u0670": "a",
    "،": ",", "؛": ";", "؟": "?", "٪": "%",
}  # fmt: skip
_ARABIC.update({chr(0x0660 + d): str(d) for d in range(10)})
_ARABIC.update({chr(0x06F0 + d): str(d) for d in range(10)})
_ARABIC_VOWELS = frozenset("\u064e\u0650\u064f\u0652")
_SHADDA = "\u0651"
_ARABIC_LETTERS = frozenset(ch for ch in _ARABIC if "\u0621" <= ch <= "\u06d3")

_HEBREW = {
    "א": "", "ב": "v", "ג": "g", "ד": "d", "ה": "h", "ו": "v", "ז": "z", "ח": "h",
    "ט": "t", "י": "y", "כ": "kh", "ך": "kh", "ל": "l", "מ": "m", "ם": "m", "נ": "n",
    "ן": "n", "ס": "s", "ע": "", "פ": "f", "ף": "f", "צ": "ts", "ץ": "ts", "ק": "k",
    "ר": "r", "ש": "sh", "ת": "t",
    "\u05b7": "a", "\u05b8": "a", "\u05b6": "e", "\u05b5": "e", "\u05b4": "i",
    "\u05b9": "o", "\u05ba": "o", "\u05bb": "u", "\u05b0": "e", "\u05b2": "a",
    "\u05b1": "e", "\u05b3": "o", "׳": "'", "״": '"', "־": "-",
}  # fmt: skip
_DAGESH = "\u05bc"
_HARD = {"ב": "b", "כ": "k", "ך": "k", "פ": "p", "ף": "p"}
_SIN_DOT = "\u05c2"


def _arabic_word(word: str) -> str:
    out: list[str] = []
    chars = list(word)
    if word.startswith("ال") and len(word) > 2:
        out.append("al-")
        chars = chars[2:]
    vowel_before = False
    consonant = ""
    for i, ch in enumerate(chars):
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if ch == _SHADDA:
            # A doubled consonant; NFC puts the shadda after a vowel mark on the letter.
            at = len(out) - 1 if i > 0 and chars[i - 1] in _ARABIC_VOWELS else len(out)
            out.insert(at, consonant[-1:])
            continue
        if ch in ("ا", "ى", "ة") and out and out[-1] == "a":
            continue  # a long a, or ta marbuta, after a written fatha
        if ch in ("و", "ي") and i > 0 and not vowel_before and nxt not in _ARABIC_VOWELS:
            out.append("u" if ch == "و" else "i")  # a long vowel after a consonant
            vowel_before = True
            continue
        latin = _ARABIC.get(ch, ch)
        out.append(latin)
        vowel_before = ch in _ARABIC_VOWELS or latin in ("a", "i", "u")
        if ch in _ARABIC_LETTERS and latin not in ("a", "i", "u"):
            consonant = latin
    return "".join(out)


def _hebrew_word(word: str) -> str:
    out: list[str] = []
    pointed = any(ch in _HEBREW_VOWELS for ch in word)
    for i, ch in enumerate(word):
        marks = word[i + 1 : i + 3]
        after = word[i + 1] if i + 1 < len(word) else ""
        if ch == "ו" and _DAGESH in marks and (i == 0 or word[i - 1] not in _HEBREW_VOWELS):
            out.append("u")  # shuruq
        elif ch == "ו" and "\u05b9" in marks:
            out.append("o")  # holam male
        elif ch in _HARD and (_DAGESH in marks or i == 0):
            out.append(_HARD[ch])
        elif ch == "ש" and _SIN_DOT in marks:
            out.append("s")
        elif ch == _DAGESH or ch in ("\u05c1", _SIN_DOT):
            continue
        elif ch == "\u05b9" and i > 0 and word[i - 1] == "ו":
            continue  # already written as the vav's o
        elif not pointed and i == 0 and ch in "אע" and after:
            out.append("a")  # an unpointed word starting with alef or ayin
        elif not pointed and i > 0 and ch == "ו" and after != "ו" and word[i - 1] != "ו":
            out.append("o")  # unpointed vav inside a word: most often o
        elif not pointed and i > 0 and ch == "י" and after and after != "י":
            out.append("i")
        elif not pointed and i > 0 and ch == "ה" and not after:
            out.append("a")  # final he: -a (Haifa, Tikva)
        else:
            out.append(_HEBREW.get(ch, ch))
    return "".join(out)


_HEBREW_VOWELS = frozenset("\u05b0\u05b1\u05b2\u05b3\u05b4\u05b5\u05b6\u05b7\u05b8\u05b9\u05bb")


def arabic_to_latin(text: str) -> str:
    """'شارع الملك فهد' -> "Shar' al-Mlk Fhd" (see the module docstring)."""
    return " ".join(_capital(_arabic_word(part)) for part in text.split(" "))


def hebrew_to_latin(text: str) -> str:
    """'רחוב הרצל' -> 'Rhov Hrtsl' (see the module docstring)."""
    return " ".join(_capital(_hebrew_word(part)) for part in text.split(" "))


def _capital(word: str) -> str:
    if word.startswith("al-"):
        return "al-" + word[3:4].upper() + word[4:]
    for i, ch in enumerate(word):
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1 :]
    return word


def is_arabic(ch: str) -> bool:
    return ch in _ARABIC_LETTERS or "\u0600" <= ch <= "\u06ff"


def is_hebrew(ch: str) -> bool:
    return "\u0590" <= ch <= "\u05ff"
