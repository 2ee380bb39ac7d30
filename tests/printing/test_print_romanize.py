"""Addresses in Latin letters by each language's standard, and in each country's order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.printing import Address, render_label_pdf
from app.printing.addresses import address_lines, latin_lines
from app.printing.romanize import romanize
from tests.printing.readback import pdf_text, plain
from tests.printing.samples import RECIPIENTS, label


@pytest.mark.parametrize(
    ("text", "language", "name", "latin"),
    [
        ("田中 翔太", "ja", True, "Tanaka Shota"),  # Hepburn, not 'TianZhong XiangTai'
        ("山田太郎", "ja", True, "Yamada Taro"),
        ("井上 優", "ja", True, "Inoue Yu"),  # o-u of two syllables stays
        ("渋谷区道玄坂1-2-3", "ja", False, "Shibuyaku Dogenzaka 1-2-3"),
        ("北京市朝阳区建国路", "zh", False, "Beijingshi Chaoyangqu Jianguolu"),
        ("重庆", "zh", False, "Chongqing"),  # the phrase reading, not Zhongqing
        ("王小明", "zh", True, "Wang Xiaoming"),
        ("欧阳娜娜", "zh", True, "Ouyang Nana"),  # a two-character surname
        ("강지호", "ko", True, "Gang Jiho"),  # not 'GangJiHo'
        ("강남구 테헤란로 152", "ko", False, "Gangnamgu Teheranro 152"),
        ("شارع الملك فهد", "", False, "Shar' al-Mlk Fhd"),  # alif kept, article al-
        ("مُحَمَّد بْن سَلْمَان", "", True, "Muhammad Bn Salman"),  # written vowels kept
        ("شارع ١٢٣", "", False, "Shar' 123"),  # Arabic numerals
        ("תל אביב", "", False, "Tl Aviv"),
        ("שָׁלוֹם", "", False, "Shalom"),  # niqqud kept
        ("Γιώργος Παπαδόπουλος", "el", True, "Giorgos Papadopoulos"),  # ELOT 743
        ("Οδός Ευαγγελιστρίας", "el", False, "Odos Evaggelistrias"),
        ("Київ, вулиця Хрещатик", "uk", False, "Kyiv, vulytsia Khreshchatyk"),  # KMU 2010
        ("Згорани Юлія", "uk", True, "Zghorany Yuliia"),
        ("София, улица Шипка", "bg", False, "Sofia, ulitsa Shipka"),  # 2009 system
        ("Иван Петров", "", True, "Ivan Petrov"),  # other scripts: anyascii
    ],
)
def test_each_language_is_romanized_by_its_standard(
    text: str, language: str, name: bool, latin: str
) -> None:
    assert romanize(text, language, name=name) == latin


JAPAN = Address(
    name="田中 翔太",
    lines=("渋谷区道玄坂1-2-3",),
    city="渋谷区",
    region="東京都",
    postcode="150-0043",
    country="JP",
)


def test_a_japanese_address_is_written_postcode_first_and_name_last() -> None:
    assert address_lines(JAPAN) == ["〒150-0043", "東京都 渋谷区", "渋谷区道玄坂1-2-3", "田中 翔太"]


def test_chinese_and_korean_addresses_are_written_largest_place_first() -> None:
    china = RECIPIENTS["chinese"]
    assert address_lines(china) == ["200001", "上海市", "南京东路100号", china.company, "王小明"]
    assert address_lines(RECIPIENTS["korean"])[0] == "06236"
    assert address_lines(RECIPIENTS["korean"])[-1] == "김민준"


def test_the_latin_copy_is_in_the_carriers_order() -> None:
    assert latin_lines(JAPAN) == [
        "Tanaka Shota",
        "Shibuyaku Dogenzaka 1-2-3",
        "Shibuyaku, Tokyoto 150-0043",
    ]
    latin = latin_lines(RECIPIENTS["greek"])
    assert latin[0] == "Giorgos Papadopoulos" and latin[-1] == "10563 Athina"


@pytest.mark.parametrize(
    "script", ["greek", "cyrillic", "chinese", "japanese", "korean", "arabic", "hebrew"]
)
def test_postal_labels_to_non_latin_addresses_carry_both_blocks(script: str) -> None:
    address = RECIPIENTS[script]
    data = replace(label(address), transport_mode="postal", latin_script_required=False)
    text = plain(pdf_text(render_label_pdf(data)))
    assert address.name in text  # the address as written
    assert "LATIN" in text
    for line in latin_lines(address):
        assert line in text


def test_a_courier_label_without_the_rule_has_no_latin_copy() -> None:
    data = replace(label(RECIPIENTS["greek"]), latin_script_required=False)
    assert "LATIN" not in plain(pdf_text(render_label_pdf(data)))
