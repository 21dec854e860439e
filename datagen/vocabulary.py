"""Vietnamese vocabulary of mass-mobilisation work, for text that reads like the real thing.

Frequencies are deliberately skewed: a few themes ("nông thôn mới", "giải phóng mặt bằng")
appear in tens of thousands of practices, while named places and rarer activities appear in a
few hundred — so benchmarks have both broad and narrow searches.
"""

# (theme, weight): the common ones dominate, as they do in the source articles.
THEMES = [
    ("xây dựng nông thôn mới", 14),
    ("giải phóng mặt bằng", 10),
    ("hiến đất làm đường giao thông nông thôn", 9),
    ("giảm nghèo bền vững", 8),
    ("bảo vệ môi trường, phân loại rác tại nguồn", 7),
    ("chuyển đổi số ở cơ sở", 6),
    ("hòa giải ở cơ sở", 6),
    ("xây dựng nhà đại đoàn kết", 5),
    ("phòng, chống ma túy", 4),
    ("phát triển kinh tế hợp tác xã", 4),
    ("bảo đảm an ninh trật tự", 4),
    ("vận động đồng bào dân tộc thiểu số", 3),
    ("chỉnh trang đô thị văn minh", 3),
    ("phát triển du lịch cộng đồng", 2),
    ("xây dựng gia đình văn hóa", 2),
    ("khuyến học, khuyến tài", 2),
    ("chăm sóc người cao tuổi", 1),
    ("phòng, chống thiên tai", 1),
    ("sắp xếp dân cư vùng sạt lở", 1),
    ("tiêm chủng mở rộng", 1),
]

# Names of models as people coin them; {place} is a commune name.
NAME_PATTERNS = [
    "Dân vận khéo trong {theme}",
    "Dân vận khéo trong {theme} tại {place}",
    "{product} gắn với {theme}",
    "{product} ở {place}",
    "Mô hình “{product}”",
    "Tổ {group} tham gia {theme}",
]

PRODUCTS = [
    "Con đường hoa",
    "Ngõ xóm sáng, xanh, sạch, đẹp",
    "Tổ liên gia an toàn",
    "Bếp ăn tình thương",
    "Quỹ tiết kiệm phụ nữ",
    "Camera an ninh cộng đồng",
    "Tủ sách pháp luật",
    "Chợ phiên không dùng tiền mặt",
    "Vườn cây dược liệu",
    "Hợp tác xã cà phê sạch",
    "Mái ấm cho người nghèo",
    "Điểm sinh hoạt văn hóa thôn",
    "Ngày Chủ nhật xanh",
    "Nhà văn hóa tự quản",
    "Cổng trường an toàn giao thông",
    "Thanh niên tình nguyện nông thôn",
    "Dòng sông không rác",
    "Góp đá xây cầu",
    "Cánh đồng mẫu lớn",
    "Ống heo tiết kiệm",
]

GROUPS = [
    "phụ nữ",
    "nông dân",
    "cựu chiến binh",
    "thanh niên",
    "người cao tuổi",
    "công đoàn",
    "dòng họ",
    "chức sắc tôn giáo",
    "người có uy tín",
]

SITUATIONS = [
    "Trước đây người dân còn e ngại, chưa đồng thuận với chủ trương của địa phương.",
    "Một số hộ gia đình khó khăn, thiếu vốn và kỹ thuật sản xuất.",
    "Tình hình an ninh trật tự ở khu dân cư còn diễn biến phức tạp.",
    "Hạ tầng giao thông xuống cấp, đường đất lầy lội vào mùa mưa.",
    "Rác thải sinh hoạt chưa được thu gom, gây ô nhiễm môi trường.",
    "Nhiều kiến nghị của người dân chưa được giải quyết dứt điểm.",
]

METHODS = [
    "Cán bộ đến từng nhà đối thoại, lắng nghe ý kiến và vận động người dân.",
    "Phát huy vai trò người có uy tín, chức sắc tôn giáo trong cộng đồng.",
    "Công khai, minh bạch mọi khoản đóng góp theo phương châm dân biết, dân bàn, dân làm, dân kiểm tra.",
    "Phối hợp Mặt trận Tổ quốc và các đoàn thể tổ chức ra quân ngày cao điểm.",
    "Cấp ủy, chính quyền cam kết giải quyết kiến nghị trong thời hạn.",
    "Xây dựng nhóm Zalo thôn để thông tin nhanh đến từng hộ.",
]

OBJECTIVES = [
    "100% hộ dân đồng thuận và thực hiện đúng tiến độ.",
    "Giảm 50% số hộ nghèo trong ba năm.",
    "Không để phát sinh điểm nóng, khiếu kiện đông người.",
    "Mỗi thôn có ít nhất một tuyến đường kiểu mẫu.",
    "Thu gom, xử lý 90% rác thải sinh hoạt.",
]

OUTPUTS = [
    "{km} km đường bê tông; {households} hộ hiến đất.",
    "{households} hộ thoát nghèo; {houses} nhà đại đoàn kết được xây mới.",
    "{households} hộ tham gia; {people} lượt người được hỗ trợ.",
]

TARGETS = ["Hộ dân trong thôn", "Đoàn viên, hội viên", "Đồng bào dân tộc thiểu số", "Người dân khu phố", "Học sinh"]

SUSTAINABILITY = [
    "Mô hình có thể nhân rộng ra các thôn, tổ dân phố khác.",
    "Được duy trì bằng nguồn xã hội hóa, không phụ thuộc ngân sách.",
    "Đã được các xã lân cận học tập, áp dụng.",
]

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE_NAMES = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quang"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Mai", "Nam", "Phương", "Sơn", "Tâm", "Thảo"]

CRITERIA = [
    ("Tính mới, sáng tạo của cách làm", 20),
    ("Hiệu quả thiết thực, được nhân dân đồng tình", 30),
    ("Huy động được nguồn lực của nhân dân", 25),
    ("Khả năng duy trì và nhân rộng", 25),
]
