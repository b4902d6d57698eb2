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
