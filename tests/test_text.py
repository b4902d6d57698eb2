from models.text import fold, like_pattern, person_name_key, vietnamese_key


def test_fold_removes_accents_and_case():
    assert fold("Nguyễn Thị ĐÀO") == "nguyen thi dao"
    assert fold("  Hội   LHPN ") == "hoi lhpn"


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_a") == "%50\\%\\_a%"


def test_vietnamese_alphabetical_order():
    words = ["Đào", "Dung", "Ân", "Ăn", "Anh", "Ánh", "Ơn", "Ông", "Út", "Ưu", "Bình"]
    assert sorted(words, key=vietnamese_key) == ["Anh", "Ánh", "Ăn", "Ân", "Bình", "Dung", "Đào", "Ông", "Ơn", "Út", "Ưu"]


def test_tones_only_break_ties():
    assert sorted(["Tụng", "Túng", "Tung", "Tùng", "Tủng", "Tũng"], key=vietnamese_key) == ["Tung", "Tùng", "Tủng", "Tũng", "Túng", "Tụng"]


def test_names_sort_by_given_name_first():
    names = ["Nguyễn Thị Bình", "Lê Văn An", "Trần Anh", "Đỗ Thị An"]
    assert sorted(names, key=person_name_key) == ["Đỗ Thị An", "Lê Văn An", "Trần Anh", "Nguyễn Thị Bình"]


def test_person_sort_key_orders_by_given_name_then_family_name():
    from models.text import person_name_key, person_sort_key

    names = ["Trần Thị Anh", "Nguyễn Thị Ánh", "Lê Văn An", "Lê Văn Án", "Phạm Ăn", "Đỗ Thị Bình",
             "Nguyễn Thị Đào", "Nguyễn Thị Dung", "Hoàng Thị Ơn", "Vũ Thị Ô", "Lê Thị Ư", "Lê Thị U",
             "Trần An", "Võ Ân"]
    expected = ["Lê Văn An", "Trần An", "Lê Văn Án", "Trần Thị Anh", "Nguyễn Thị Ánh", "Phạm Ăn", "Võ Ân",
                "Đỗ Thị Bình", "Nguyễn Thị Dung", "Nguyễn Thị Đào", "Vũ Thị Ô", "Hoàng Thị Ơn",
                "Lê Thị U", "Lê Thị Ư"]
    assert sorted(names, key=person_sort_key) == expected
    assert sorted(names, key=person_name_key) == expected
    # digits only: no collation can reorder it
    assert person_sort_key("Nguyễn Thị Ánh").isdigit()


def test_nul_bytes_never_reach_the_database():
    from models.text import clean, nfc

    assert nfc("Lê\x00 Thị") == "Lê Thị" and clean("a\x00b") == "ab"
    assert like_pattern("ba\x00 dinh") == "%ba dinh%"
