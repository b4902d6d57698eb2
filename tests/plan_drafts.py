"""Hand-made drafts, as the recogniser returns them, for the plan import tests (service, views, CLI).

They follow the seed plans in /work/shared/seeds, shortened: a campaign with a three-level scoring
table and targets, a special wave with categories and awards, a conference with groups, programme,
budget and tasks per department, and a work plan with anniversaries and planned events.
"""
from __future__ import annotations

from datetime import date

from webapp.plans.draft import (
    AnniversaryRef, AwardForm, Campaign, Citation, Criterion, Deadline, Document, Draft, EventPart, Figure,
    PlannedEvent, Target, Task, Totals,
)


def campaign_draft() -> Draft:
    """Section I (10 = group 1 of 4 + group 2 of 6 over three criteria), section II bonus (5, two
    contents without points). 10 standard + 5 bonus."""
    table = [
        Criterion("I", "Thực hiện các nhiệm vụ công tác Hội", 10, line=10, children=[
            Criterion("1", "Hỗ trợ phụ nữ phát triển", 4, line=11, children=[
                Criterion("1", "Tuyên truyền, giáo dục truyền thống; 45% hội viên rèn luyện thể thao", 4, line=12),
            ]),
            Criterion("2", "Xây dựng tổ chức Hội vững mạnh", 6, line=13, children=[
                Criterion("2", "Mỗi Hội LHPN quận, huyện hỗ trợ xây 02 mái ấm", 3, line=14),
                Criterion("3", "Tỷ lệ hội viên đóng hội phí đạt 80% trở lên", 3, line=15),
            ]),
        ]),
        Criterion("II", "Nội dung thưởng điểm", 5, bonus=True, line=20, children=[
            Criterion("1", "Có nhiều đổi mới, sáng tạo", line=21),
            Criterion("2", "Cụm trưởng, cụm phó hoàn thành tốt nhiệm vụ", line=22),
        ]),
    ]
    return Draft(
        kind="campaign",
        document=Document(type="KẾ HOẠCH", title="Tổ chức phong trào thi đua năm 2025", number="12/KH-BTV",
                          place="Hà Nội", date=date(2025, 1, 6), issuing_body="BAN THƯỜNG VỤ HỘI LHPN HÀ NỘI",
                          signing_authority="TM. BAN THƯỜNG VỤ", signer_title="CHỦ TỊCH", signer_name="Lê Kim Anh"),
        legal_basis=[Citation("Thực hiện Kế hoạch số 357/KH-UBND…",
                              ["Kế hoạch số 357/KH-UBND ngày 09/12/2024 của UBND thành phố Hà Nội",
                               "Chương trình công tác năm 2025 của BCH Hội LHPN Hà Nội"], line=4)],
        campaign=Campaign(
            name="Phong trào thi đua năm 2025", theme="Phụ nữ Thủ đô sẵn sàng bước vào kỷ nguyên mới",
            starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31),
            purposes=["Đẩy mạnh phong trào thi đua yêu nước", "Phát hiện, tôn vinh điển hình"],
            requirements=["Nội dung thiết thực, cụ thể"], criteria=table,
            totals=Totals(total=15, standard=10, bonus=5),
            targets=[Target("45% hội viên rèn luyện thể dục thể thao", [Figure(45, "%", "45% hội viên")], "1", 12),
                     Target("02 mái ấm tình thương", [Figure(2, "mái ấm", "02 mái ấm")], "2", 14),
                     Target("Một chỉ tiêu không rõ của ai", [Figure(7, "mô hình")], "", 30)],
        ),
        deadlines=[Deadline(date(2025, 1, 20), "đăng ký … trước ngày 20/01/2025", label="Đăng ký thi đua",
                            role="register", who="Hội LHPN quận/huyện", line=40),
                   Deadline(date(2025, 1, 24), "tổng hợp … trước ngày 24/01/2025", label="Tổng hợp đăng ký",
                            role="aggregate", who="Các ban chuyên đề", line=38)],
        warnings=["Nhóm 2: các mục cộng lại 6 điểm, khớp."],
    )


def wave_draft() -> Draft:
    return Draft(
        kind="wave",
        document=Document(type="KẾ HOẠCH", title="Triển khai đợt thi đua đặc biệt chào mừng Đại hội XIII"),
        campaign=Campaign(
            name="130 công trình, phần việc vượt khó, sáng tạo, hiệu quả",
            starts_on=date(2021, 10, 1), ends_on=date(2022, 1, 15),
            subjects=["Tập thể: Hội LHPN các cấp", "Cá nhân: cán bộ, hội viên"],
            categories=["Triệu phần quà san sẻ yêu thương", "Xây dựng nông thôn mới nâng cao"],
            awards=[AwardForm("Giấy chứng nhận vinh danh", 130, "Đoàn Chủ tịch Trung ương Hội"),
                    AwardForm("Bằng khen", 13, "Đoàn Chủ tịch Trung ương Hội")],
        ),
        deadlines=[Deadline(date(2021, 11, 10), "Thời hạn đăng ký trước ngày 10/11/2021", role="register",
                            label="Đăng ký"),
                   Deadline(date(2022, 2, 15), "xét duyệt từ ngày 20/01/2022 – 15/02/2022", start=date(2022, 1, 20),
                            role="review", label="Xét duyệt"),
                   Deadline(date(2022, 3, 8), "tổng kết, biểu dương dịp 8/3/2022", role="commend", label="Tổng kết")],
    )


def event_draft(tasks: int | None = None) -> Draft:
    """The summary conference; `tasks` repeats one task that many times instead of the usual list."""
    usual = [
        Task("Chủ trì tham mưu tổ chức Hội nghị", "Văn phòng", lead="Văn phòng", due=date(2024, 12, 25), line=50),
        Task("Chủ trì xây dựng phóng sự “Dấu ấn 2024”", "Ban Tuyên giáo, báo Phụ nữ Thủ đô", lead="Ban Tuyen giao",
             support=["Văn phòng"], line=55),
        Task("Tham mưu khen thưởng Cán bộ Hội cơ sở giỏi", "Ban Xây dựng tổ chức Hội",
             lead="ban xay dung to chuc hoi", line=60),
        Task("Tham mưu, kết nối danh sách phụ nữ nhận quà", "Ban Công tác xã hội", lead="Ban Công tác xã hội",
             line=63),
        Task("Chuyển giấy mời tới tập thể, cá nhân được khen thưởng", "Hội LHPN các quận, huyện, thị xã",
             units="Hội LHPN các quận, huyện, thị xã, đơn vị trực thuộc", line=70),
    ]
    many = [Task(f"Nhiệm vụ số {n}", "Văn phòng", lead="Văn phòng", line=50 + n) for n in range(tasks or 0)]
    return Draft(
        kind="event",
        document=Document(type="KẾ HOẠCH", title="Tổ chức Hội nghị tổng kết công tác Hội năm 2024"),
        event=EventPart(
            title="Hội nghị tổng kết công tác Hội năm 2024", date=date(2025, 1, 3), weekday="Thứ Sáu",
            time="08:00", tentative=True, venue_name="Hội trường 1A, Hội LHPN Hà Nội",
            venue_address="Số 7 phố Tôn Thất Thuyết, Cầu Giấy", delegates=300,
            groups=["Thường trực Thành ủy, HĐND, UBND thành phố", "Các tập thể, cá nhân được khen thưởng"],
            programme=["Văn nghệ chào mừng.", "08h30: Tuyên bố lý do giới thiệu đại biểu.", "Khen thưởng."],
            budget_sources=["Ngân sách cấp cho hoạt động Hội", "Nguồn xã hội hóa"],
            tasks=many if tasks is not None else usual,
        ),
        departments=["Văn phòng", "Ban Tuyen giao", "ban xay dung to chuc hoi", "Ban Công tác xã hội"],
    )


def work_plan_draft() -> Draft:
    return Draft(
        kind="work_plan",
        document=Document(type="CHƯƠNG TRÌNH", title="Chương trình công tác năm 2025"),
        anniversaries=[AnniversaryRef("Ngày thành lập Đảng Cộng sản Việt Nam", date(1930, 2, 3), 2025, 95),
                       AnniversaryRef("Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam", date(1930, 10, 20), 2025, 95)],
        planned_events=[PlannedEvent("Lễ kỷ niệm 95 năm Ngày thành lập Hội", date(2025, 10, 20), lead="Văn phòng"),
                        PlannedEvent("Hội nghị sơ kết 6 tháng", None, month=7)],
    )
