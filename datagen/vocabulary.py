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

# ------------------------------------------------------------------ citizens' cases
# Topic code → (weight, subjects). Land and compensation dominate, as in every year's reports
# of the inspectorate; {hamlet}, {place}, {road}, {project}, {person}, {school}, {procedure} are filled in.
CASE_TOPICS = {
    "dat-dai": (
        30,
        [
            "về tranh chấp đất đai giữa các hộ gia đình tại {hamlet}, {place}",
            "về mức bồi thường, hỗ trợ giải phóng mặt bằng dự án {project}",
            "về việc chậm cấp giấy chứng nhận quyền sử dụng đất cho hộ ông {person}",
            "về việc lấn chiếm đất công tại {hamlet}",
            "về giá đất tái định cư dự án {project} chưa thỏa đáng",
            "về việc thu hồi đất nông nghiệp tại {hamlet} chưa công khai phương án",
        ],
    ),
    "moi-truong": (
        14,
        [
            "về ô nhiễm môi trường do {source} tại {hamlet}, {place}",
            "về rác thải sinh hoạt không được thu gom ở {hamlet}",
            "về nước thải chưa qua xử lý chảy ra kênh thủy lợi {hamlet}",
            "về khói bụi từ {source} ảnh hưởng sức khỏe người dân",
        ],
    ),
    "giao-thong": (
        10,
        [
            "về đường {road} xuống cấp, nhiều ổ gà, mất an toàn giao thông",
            "đề nghị lắp đèn chiếu sáng tuyến đường {road}",
            "về cầu dân sinh tại {hamlet} bị hư hỏng nặng",
            "về công trình thi công đường {road} kéo dài, gây ngập úng",
        ],
    ),
    "xay-dung": (
        9,
        [
            "về công trình xây dựng không phép tại {hamlet}, {place}",
            "về việc xây dựng lấn chiếm hành lang an toàn đường {road}",
            "về nhà xưởng xây dựng sai giấy phép gây nứt nhà liền kề",
        ],
    ),
    "an-ninh": (
        8,
        [
            "về tình trạng tụ tập gây mất trật tự về đêm ở {hamlet}",
            "về hoạt động cho vay nặng lãi, đòi nợ thuê tại {place}",
            "về tình trạng đua xe trái phép trên đường {road}",
            "về trộm cắp tài sản xảy ra nhiều lần tại {hamlet}",
        ],
    ),
    "chinh-sach": (
        10,
        [
            "về việc bình xét hộ nghèo, hộ cận nghèo tại {hamlet} chưa đúng đối tượng",
            "về việc chậm chi trả trợ cấp cho người có công với cách mạng",
            "đề nghị hỗ trợ xây nhà đại đoàn kết cho hộ bà {person}",
            "về chế độ bảo hiểm xã hội một lần của người lao động",
        ],
    ),
    "y-te-giao-duc": (
        6,
        [
            "về các khoản thu ngoài quy định tại Trường {school} {place}",
            "về chất lượng khám chữa bệnh tại trạm y tế {place}",
            "về việc thiếu giáo viên, phòng học xuống cấp ở điểm trường {hamlet}",
        ],
    ),
    "thu-tuc": (
        6,
        [
            "về hồ sơ {procedure} bị trả lại nhiều lần không rõ lý do",
            "về việc giải quyết thủ tục {procedure} quá hạn",
            "về dịch vụ công trực tuyến thủ tục {procedure} thường xuyên bị lỗi",
        ],
    ),
    "can-bo": (
        4,
        [
            "về thái độ thiếu chuẩn mực của cán bộ bộ phận một cửa {place}",
            "về việc cán bộ địa chính gây khó khăn khi làm thủ tục đất đai",
            "về việc cán bộ thôn thu tiền đóng góp không đúng quy định",
        ],
    ),
    "khac": (
        3,
        [
            "góp ý dự thảo quy hoạch chung {place}",
            "về việc tổ chức lại chợ tạm {hamlet}",
            "về tiếng ồn từ các cơ sở karaoke ở {hamlet}",
        ],
    ),
}

# What each kind of case starts with when a citizen writes it.
CASE_LEADS = {
    "feedback": ["Phản ánh", "Phản ánh"],
    "petition": ["Kiến nghị", "Đề nghị xem xét"],
    "complaint_first": ["Khiếu nại", "Khiếu nại quyết định"],
    "complaint_second": ["Khiếu nại lần hai", "Khiếu nại tiếp"],
    "denunciation": ["Tố cáo", "Tố cáo hành vi sai phạm"],
}

HAMLET_KINDS = ["Thôn", "Tổ dân phố", "Ấp", "Khu phố", "Bản", "Xóm"]
ROADS = [
    "liên xã",
    "liên thôn",
    "Quốc lộ 1A",
    "tỉnh lộ 10",
    "Nguyễn Huệ",
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Hai Bà Trưng",
    "Võ Nguyên Giáp",
    "ven sông",
    "vào khu công nghiệp",
]
PROJECTS = [
    "đường vành đai",
    "khu dân cư mới",
    "cao tốc Bắc – Nam",
    "khu công nghiệp",
    "mở rộng quốc lộ",
    "kè chống sạt lở",
    "nhà máy xử lý rác",
    "sân bay",
]
SOURCES = [
    "trại chăn nuôi heo",
    "cơ sở sản xuất gạch",
    "xưởng tái chế nhựa",
    "bãi rác tạm",
    "nhà máy chế biến mủ cao su",
]
SCHOOLS = ["Tiểu học", "THCS", "Mầm non", "THPT"]
PROCEDURES = [
    "cấp giấy phép xây dựng",
    "đăng ký hộ kinh doanh",
    "chứng thực",
    "đăng ký biến động đất đai",
    "cấp đổi sổ đỏ",
]

CASE_DETAILS = [
    "Sự việc kéo dài nhiều tháng, người dân đã nhiều lần phản ánh tại các buổi họp thôn nhưng chưa được giải quyết.",
    "Gia đình tôi và nhiều hộ xung quanh bị ảnh hưởng trực tiếp đến đời sống, sản xuất.",
    "Chính quyền địa phương đã kiểm tra nhưng chưa có văn bản trả lời cụ thể.",
    "Kèm theo đơn là hình ảnh hiện trường và chữ ký của các hộ dân liên quan.",
    "Việc này gây bức xúc trong nhân dân, ảnh hưởng đến niềm tin đối với cán bộ cơ sở.",
    "Tôi đã liên hệ bộ phận một cửa nhưng chỉ được hướng dẫn miệng, không có phiếu hẹn.",
    "Mùa mưa năm nay tình trạng càng nghiêm trọng hơn.",
]
CASE_REQUESTS = [
    "Đề nghị các cơ quan có thẩm quyền kiểm tra, xử lý dứt điểm và trả lời bằng văn bản.",
    "Kính đề nghị lãnh đạo xem xét, giải quyết theo đúng quy định của pháp luật.",
    "Đề nghị tổ chức đối thoại với các hộ dân để thống nhất phương án.",
    "Mong cơ quan chức năng sớm vào cuộc, bảo vệ quyền lợi chính đáng của người dân.",
]
CASE_ANSWERS = [
    "Qua kiểm tra thực tế, nội dung phản ánh là đúng; địa phương đã chỉ đạo khắc phục trong tháng.",
    "Nội dung kiến nghị thuộc thẩm quyền cấp tỉnh; đã chuyển và hướng dẫn người gửi theo dõi kết quả.",
    "Sau khi xác minh, nội dung khiếu nại không có cơ sở; giữ nguyên quyết định đã ban hành.",
    "Khiếu nại đúng một phần; đã điều chỉnh mức hỗ trợ theo quy định hiện hành.",
    "Đã tổ chức đối thoại, các bên thống nhất phương án giải quyết; biên bản gửi kèm.",
    "Đã xử lý vi phạm hành chính đối với tổ chức, cá nhân liên quan và yêu cầu khắc phục hậu quả.",
    "Địa phương đã bố trí kinh phí sửa chữa, dự kiến hoàn thành trong quý tới.",
]
DISMISS_REASONS = [
    "Đơn không ghi rõ nội dung, không có chữ ký của người gửi.",
    "Vụ việc đã được giải quyết bằng quyết định có hiệu lực pháp luật.",
    "Nội dung không thuộc thẩm quyền; đã hướng dẫn người gửi đến cơ quan có thẩm quyền.",
]
REOPEN_REASONS = [
    "Kết quả trả lời chưa giải quyết được vấn đề, tình trạng vẫn tiếp diễn.",
    "Mức hỗ trợ chưa thỏa đáng so với các hộ lân cận.",
]

DIALOGUE_TOPICS = [
    ("dat-dai", "Đối thoại về công tác bồi thường, giải phóng mặt bằng"),
    ("moi-truong", "Đối thoại về xử lý ô nhiễm môi trường khu dân cư"),
    ("chinh-sach", "Đối thoại về thực hiện chính sách an sinh xã hội"),
    ("thu-tuc", "Đối thoại về cải cách thủ tục hành chính, chuyển đổi số"),
    ("giao-thong", "Đối thoại về đầu tư hạ tầng giao thông nông thôn"),
]
DIALOGUE_QUESTIONS = [
    "Khi nào địa phương công khai phương án bồi thường cho các hộ bị thu hồi đất?",
    "Đề nghị làm rõ tiến độ sửa chữa tuyến đường liên thôn đã xuống cấp.",
    "Việc bình xét hộ nghèo năm nay có được công khai danh sách không?",
    "Đề nghị có biện pháp xử lý dứt điểm cơ sở gây ô nhiễm.",
    "Thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất mất bao lâu?",
    "Đề nghị bố trí thêm điểm thu gom rác ở khu dân cư mới.",
]
COMMITMENTS = [
    "Công khai phương án bồi thường tại nhà văn hóa thôn và trên cổng thông tin",
    "Sửa chữa tuyến đường liên thôn trước mùa mưa",
    "Kiểm tra, xử lý cơ sở gây ô nhiễm và thông báo kết quả cho nhân dân",
    "Rà soát lại danh sách hộ nghèo, hộ cận nghèo có sự tham gia của Mặt trận",
    "Bố trí thêm điểm thu gom rác và lịch thu gom cố định",
]
