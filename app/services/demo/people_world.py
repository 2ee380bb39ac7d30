"""Demo destinations beyond Europe: the Americas, Asia-Pacific and the Gulf.

Japanese, Chinese and Korean names are family name first; Japanese and Chinese
addresses run from the prefecture or province down to the building, as written
locally. The United Arab Emirates have no postcodes.
"""

from __future__ import annotations

from app.services.demo.people import Country, place, words

# fmt: off
WORLD: tuple[Country, ...] = (
    Country(
        "US", "USD", "Latin", 9,
        words("James; Michael; William; Ethan; Daniel"),
        words("Olivia; Emma; Ava; Madison; Harper"),
        words("Smith; Johnson; Williams; Brown; Jones; Garcia; Miller; Davis"),
        (
            place("New York", "NY", "10011; 10001", "{N} W 23rd St; {N} 8th Ave"),
            place("Brooklyn", "NY", "11211; 11249", "{N} Bedford Ave; {n} N 6th St"),
            place("Los Angeles", "CA", "90026; 90012", "{N} Sunset Blvd; {n} S Spring St"),
            place("Chicago", "IL", "60614; 60611", "{N} N Clark St; {n} N Michigan Ave"),
            place("Austin", "TX", "78701; 78704", "{N} Congress Ave; {N} S Lamar Blvd"),
            place("Seattle", "WA", "98101; 98122", "{N} Pike St; {N} E Pine St"),
        ),
        words("Apt {a}; Unit {a}; Suite {N}"),
        words("Garcia Outdoor Supply LLC; Brown & Miller Inc."),
        "+1 646-555-01##",
    ),
    Country(
        "CA", "CAD", "Latin", 3,
        words("Liam; Noah; William; Félix"),
        words("Olivia; Charlotte; Emma; Léa"),
        words("Tremblay; Smith; Roy; Gagnon; Wilson; MacDonald"),
        (
            place("Toronto", "ON", "M5V 2T6; M5H 2M9", "{N} Queen St W; {N} King St W"),
            place("Vancouver", "BC", "V6B 1A1; V6Z 1L2", "{N} Granville St; {N} Robson St"),
            place("Montréal", "QC", "H2X 1Y4; H3B 1A7", "{N} rue Sainte-Catherine O"),
        ),
        words("Unit {a}; Apt {a}"),
        words("Maple Leaf Trading Inc."),
        "+1 416-555-01##",
    ),
    Country(
        "MX", "MXN", "Latin", 2,
        words("Santiago; Mateo; Sebastián; Diego"),
        words("Sofía; Valentina; Regina; Camila"),
        words("Hernández; García; Martínez; López; González; Rodríguez"),
        (
            place("Ciudad de México", "CDMX", "06600", "Av. Paseo de la Reforma {N}, Col. Juárez"),
            place("Ciudad de México", "CDMX", "06700", "Calle Orizaba {n}, Col. Roma Norte"),
            place("Guadalajara", "Jal.", "44160", "Av. Chapultepec Sur {n}, Col. Americana"),
        ),
        words("Depto. {a}; Int. {a}"),
        words("Comercializadora Azteca S.A. de C.V."),
        "+52 55 #### ####",
    ),
    Country(
        "BR", "BRL", "Latin", 2,
        words("Miguel; Arthur; Heitor; Davi"),
        words("Helena; Alice; Laura; Manuela"),
        words("Silva; Santos; Oliveira; Souza; Rodrigues; Ferreira; Alves; Pereira"),
        (
            place("São Paulo", "SP", "01310-200; 01311-000", "Av. Paulista, {N}"),
            place("São Paulo", "SP", "05422-001; 05416-001", "Rua dos Pinheiros, {n}"),
            place("Rio de Janeiro", "RJ", "22410-002; 22420-040", "Rua Visconde de Pirajá, {n}"),
        ),
        words("Apto {a}; Bloco B, apto {a}"),
        words("Oliveira Importadora Ltda."),
        "+55 11 9####-####",
    ),
    Country(
        "CL", "USD", "Latin", 1,
        words("Agustín; Benjamín; Vicente; Tomás"),
        words("Sofía; Isidora; Florencia; Emilia"),
        words("González; Muñoz; Rojas; Díaz; Pérez; Soto"),
        (
            place("Providencia", "Región Metropolitana", "7500000; 7510000", "Av. Providencia {N}"),
            place("Santiago", "Región Metropolitana", "8320000", "Av. Libertador B. O'Higgins {N}"),
            place("Valparaíso", "Región de Valparaíso", "2340000", "Av. Brasil {N}"),
        ),
        words("Depto. {a}; Of. {a}"),
        words("Importadora Andes SpA"),
        "+56 9 #### ####",
    ),
    Country(
        "JP", "JPY", "Japanese", 4,
        words("翔太; 蓮; 大翔; 健一"),
        words("陽菜; 結衣; 美咲; 由美"),
        words("佐藤; 鈴木; 高橋; 田中; 伊藤; 渡辺; 山本; 中村"),
        (
            place("渋谷区", "東京都", "150-0041", "神南1-{m}-{f}"),
            place("千代田区", "東京都", "100-0005", "丸の内2-{m}-{f}"),
            place("新宿区", "東京都", "160-0023", "西新宿3-{m}-{f}"),
            place("大阪市北区", "大阪府", "530-0001", "梅田1-{m}-{f}"),
            place("京都市中京区", "京都府", "604-8005", "恵比須町{n}"),
        ),
        words("パークハイツ{f}0{u}号室; 第2松本ビル{f}階; メゾン桜{f}0{u}号室"),
        words("株式会社山本商事; 有限会社鈴木工房"),
        "+81 90-####-####",
        family_first=True,
    ),
    Country(
        "CN", "CNY", "Chinese", 2,
        words("伟; 磊; 洋; 勇"),
        words("芳; 娜; 敏; 静"),
        words("王; 李; 张; 刘; 陈; 杨; 黄; 赵"),
        (
            place("上海市", "上海市", "200120", "浦东新区世纪大道{n}号; 浦东新区陆家嘴环路{n}号"),
            place("上海市", "上海市", "200030", "徐汇区漕溪北路{n}号"),
            place("北京市", "北京市", "100025", "朝阳区建国路{n}号"),
            place("深圳市", "广东省", "518057", "南山区科技南十二路{n}号"),
        ),
        words("{f}楼{f}0{u}室; {m}栋{f}0{u}室"),
        words("上海宏达贸易有限公司; 深圳市星辰电子有限公司"),
        "+86 138 #### ####",
        family_first=True,
        name_separator="",
    ),
    Country(
        "KR", "KRW", "Hangul", 2,
        words("민준; 도윤; 하준; 지호"),
        words("서연; 지우; 서윤; 하은"),
        words("김; 이; 박; 최; 정; 강"),
        (
            place("강남구", "서울특별시", "06236; 06164", "테헤란로 {n}"),
            place("마포구", "서울특별시", "04044", "양화로 {n}"),
            place("해운대구", "부산광역시", "48099", "해운대해변로 {n}"),
        ),
        words("101동 {f}0{u}호; {f}층"),
        words("주식회사 한빛무역"),
        "+82 10-####-####",
        family_first=True,
        name_separator="",
    ),
    Country(
        "AU", "AUD", "Latin", 3,
        words("Oliver; Noah; Jack; William"),
        words("Charlotte; Olivia; Amelia; Isla"),
        words("Smith; Jones; Williams; Brown; Wilson; Taylor; Nguyen"),
        (
            place("Sydney", "NSW", "2000", "{n} George Street; {n} Pitt Street"),
            place("Surry Hills", "NSW", "2010", "{n} Crown Street"),
            place("Melbourne", "VIC", "3000", "{n} Collins Street; {n} Flinders Lane"),
            place("Fitzroy", "VIC", "3065", "{n} Brunswick Street"),
            place("Brisbane City", "QLD", "4000", "{n} Queen Street"),
        ),
        words("Unit {a}; Level {f}"),
        words("Nguyen Retail Pty Ltd"),
        "+61 4## ### ###",
    ),
    Country(
        "SG", "SGD", "Latin", 1,
        words("Jun Jie; Wei Ming; Arjun; Muhammad Faiz"),
        words("Hui Min; Xin Yi; Priya; Nur Aisyah"),
        words("Tan; Lim; Lee; Ng; Wong; Kumar"),
        (
            place("Singapore", "", "048616", "{n} Raffles Place"),
            place("Singapore", "", "238859; 238877", "{n} Orchard Road"),
            place("Singapore", "", "189702", "{n} Beach Road"),
        ),
        words("#{f:02d}-{a:02d}"),
        words("Lion City Gadgets Pte. Ltd."),
        "+65 9### ####",
    ),
    Country(
        "AE", "AED", "Arabic", 2,
        words("محمد; أحمد; خالد; سعيد"),
        words("فاطمة; مريم; نورة; عائشة"),
        words("الهاشمي; المنصوري; الشامسي; الكتبي; النعيمي; الزعابي"),
        (
            place("دبي", "دبي", "", "شارع الشيخ زايد، برج {n}; مرسى دبي، برج الأميرة، شقة {N}"),
            place("دبي", "دبي", "", "شارع الوصل، فيلا {n}، جميرا"),
            place("أبوظبي", "أبوظبي", "", "شارع الكورنيش، مبنى {n}"),
        ),
        words("ص.ب. {N}; الطابق {f}"),
        words("مؤسسة الهاشمي للتجارة ذ.م.م"),
        "+971 50 ### ####",
    ),
    Country(
        "SA", "SAR", "Arabic", 1,
        words("عبدالله; محمد; فهد; سلطان"),
        words("سارة; نورة; ريم; لمى"),
        words("القحطاني; العتيبي; الشمري; الدوسري; الغامدي; الحربي"),
        (
            place("الرياض", "منطقة الرياض", "12211; 12214", "{N} طريق الملك فهد، حي العليا"),
            place("الرياض", "منطقة الرياض", "12271", "{N} شارع التحلية، حي السليمانية"),
            place("جدة", "منطقة مكة المكرمة", "23431; 23432", "{N} شارع التحلية، حي الأندلس"),
        ),
        words("الرقم الإضافي {N}; شقة {a}"),
        words("شركة القحطاني التجارية"),
        "+966 55 ### ####",
    ),
)
# fmt: on
