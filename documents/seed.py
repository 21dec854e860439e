"""The documents the source articles name, as the library's first entries (``manage.py load_documents``).

Metadata and summaries are written for DanVan in our own words: no official text is copied. A date is given only where
a source article states it; the others are left empty for the central officers to fill in from the originals. The
issuer suffix of Hướng dẫn 01 ("BDVTW") follows the usual symbol of the Central Mass Mobilisation Commission; the
article gives only "Hướng dẫn số 01, ngày 16/3/2021 của Ban Dân vận Trung ương".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from audit.models import Action as AuditAction
from audit.services import record
from documents.models import Document, Kind, Status, Visibility


@dataclass(frozen=True)
class Seed:
    code: str
    kind: str
    title: str
    issuer: str
    issued_on: dt.date | None
    summary: str
    replaced_by: str = ""  # the code of the document that replaced it


BCH = "Ban Chấp hành Trung ương Đảng"
BCT = "Bộ Chính trị"
BBT = "Ban Bí thư"
BDVTW = "Ban Dân vận Trung ương"

SEEDS: tuple[Seed, ...] = (
    Seed(
        "25-NQ/TW",
        Kind.RESOLUTION,
        "Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
        f"{BCH} (khóa XI)",
        dt.date(2013, 6, 3),
        "Nghị quyết nền tảng của công tác dân vận hiện nay: đặt yêu cầu cấp ủy trực tiếp lãnh đạo công tác dân vận, "
        "cả hệ thống chính trị cùng làm dân vận, chính quyền các cấp thực hiện dân vận trong quản lý, điều hành. "
        "Là căn cứ đưa phong trào thi đua “Dân vận khéo” thành phong trào rộng khắp và để các cấp xây dựng chương "
        "trình, kế hoạch hành động, sơ kết, tổng kết định kỳ.",
    ),
    Seed(
        "290-QĐ/TW",
        Kind.DECISION,
        "Ban hành Quy chế công tác dân vận của hệ thống chính trị",
        BCT,
        None,
        "Quy chế trước đây về trách nhiệm làm công tác dân vận của cấp ủy, chính quyền, Mặt trận và các đoàn thể, "
        "lực lượng vũ trang. Đã được thay thế bởi Quyết định 23-QĐ/TW; giữ trong thư viện để tra cứu các văn bản "
        "cũ còn dẫn chiếu.",
        replaced_by="23-QĐ/TW",
    ),
    Seed(
        "23-QĐ/TW",
        Kind.DECISION,
        "Ban hành Quy chế công tác dân vận của hệ thống chính trị",
        BCT,
        dt.date(2021, 7, 30),
        "Quy chế hiện hành xác định nội dung, trách nhiệm và phương thức công tác dân vận của từng bộ phận trong hệ "
        "thống chính trị: cấp ủy, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị – xã hội, Công an, Quân đội. "
        "Là căn cứ cho chương trình phối hợp công tác dân vận giữa ban dân vận với lực lượng Công an, Quân sự và cho "
        "việc tổ chức học tập, quán triệt ở từng đơn vị.",
    ),
    Seed(
        "33/CT-TTg",
        Kind.DIRECTIVE,
        "Về tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, chính quyền các cấp "
        "trong tình hình mới",
        "Thủ tướng Chính phủ",
        dt.date(2021, 11, 26),
        "Chỉ thị giao các bộ, ngành, Ủy ban nhân dân các cấp làm công tác dân vận ngay trong hoạt động quản lý nhà "
        "nước: công khai, minh bạch, tiếp công dân, đối thoại với nhân dân, giải quyết kịp thời kiến nghị chính đáng, "
        "và phối hợp với ban dân vận, Mặt trận cùng cấp.",
    ),
    Seed(
        "08-KL/TW",
        Kind.CONCLUSION,
        "Kết luận của Ban Bí thư (Ban Dân vận Trung ương tham mưu tổng kết 10 năm thực hiện năm 2021)",
        BBT,
        dt.date(2011, 8, 2),
        "Nguồn bài viết chỉ nêu số, ngày và cơ quan ban hành; trích yếu đầy đủ cần được cán bộ Trung ương cập nhật "
        "từ bản gốc. Năm 2021 Ban Dân vận Trung ương tham mưu tổng kết 10 năm thực hiện kết luận này.",
    ),
    Seed(
        "01-HD/BDVTW",
        Kind.GUIDANCE,
        "Về một số nhiệm vụ trọng tâm trong thực hiện Quy chế dân chủ ở cơ sở năm 2021",
        BDVTW,
        dt.date(2021, 3, 16),
        "Hướng dẫn các cấp triển khai năm “Đẩy mạnh thực hiện Quy chế dân chủ ở cơ sở” 2021: những việc trọng tâm "
        "về công khai, lấy ý kiến, giám sát của nhân dân ở cơ sở và cách sơ kết, báo cáo kết quả.",
    ),
    Seed(
        "120-KL/TW",
        Kind.CONCLUSION,
        "Về tiếp tục đẩy mạnh, nâng cao chất lượng, hiệu quả việc xây dựng và thực hiện Quy chế dân chủ ở cơ sở",
        BCT,
        None,
        "Kết luận về tiếp tục thực hiện dân chủ ở cơ sở; năm 2021 các cấp triển khai kế hoạch sơ kết 5 năm thực "
        "hiện. Ngày ban hành chưa được cập nhật.",
    ),
    Seed(
        "43-CT/TW",
        Kind.DIRECTIVE,
        "Về tăng cường sự lãnh đạo của Đảng đối với công tác Hội Chữ thập đỏ Việt Nam",
        BBT,
        None,
        "Chỉ thị về vai trò lãnh đạo của cấp ủy đối với hoạt động nhân đạo của Hội Chữ thập đỏ; Ban Dân vận Trung "
        "ương tham mưu tổng kết 10 năm thực hiện. Ngày ban hành chưa được cập nhật.",
    ),
    Seed(
        "09-NQ/TW",
        Kind.RESOLUTION,
        "Về xây dựng và phát huy vai trò của đội ngũ doanh nhân Việt Nam",
        BCT,
        None,
        "Nghị quyết về đội ngũ doanh nhân, được nhắc đến trong các nội dung Ban Dân vận Trung ương tham mưu tổng kết. "
        "Ngày ban hành và hiệu lực hiện nay cần được cập nhật từ bản gốc.",
    ),
    Seed(
        "37-QĐ/TW",
        Kind.REGULATION,
        "Về những điều đảng viên không được làm",
        BCH,
        None,
        "Quy định các cấp ủy tổ chức quán triệt trong cuộc sinh hoạt chính trị toàn Đảng cùng Kết luận 21-KL/TW. "
        "Ngày ban hành chưa được cập nhật.",
    ),
    Seed(
        "21-KL/TW",
        Kind.CONCLUSION,
        "Về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
        BCH,
        None,
        "Kết luận được các tỉnh ủy yêu cầu quán triệt, tổ chức sinh hoạt chính trị đi đôi với việc cụ thể hóa các "
        "văn bản về công tác dân vận. Ngày ban hành chưa được cập nhật.",
    ),
    Seed(
        "",
        Kind.PROGRAMME,
        "Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng về công tác "
        "dân vận",
        BDVTW,
        None,
        "Chương trình Ban Dân vận Trung ương xây dựng năm 2021 để cụ thể hóa Nghị quyết Đại hội XIII thành các nhiệm "
        "vụ dân vận; các cấp xây dựng chương trình hành động của mình gắn với nghị quyết đại hội đảng bộ địa phương.",
    ),
    Seed(
        "605-QĐ/HU",
        Kind.DECISION,
        "Ban hành Quy chế công tác dân vận của hệ thống chính trị huyện Lâm Hà",
        "Huyện ủy Lâm Hà (Lâm Đồng)",
        dt.date(2021, 11, 5),
        "Ví dụ văn bản cấp huyện cụ thể hóa Quyết định 23-QĐ/TW: phân công trách nhiệm dân vận cho các cơ quan, "
        "đoàn thể của huyện và làm căn cứ cho phong trào “Dân vận khéo” ở địa phương.",
    ),
    Seed(
        "13-NQ/HU",
        Kind.RESOLUTION,
        "Về phát triển kinh tế – xã hội, bảo đảm quốc phòng, an ninh, xây dựng Đảng, hệ thống chính trị năm 2024",
        "Huyện ủy Lâm Hà (Lâm Đồng)",
        dt.date(2023, 12, 14),
        "Nghị quyết năm của huyện, trong đó phong trào “Dân vận khéo” và công tác dân vận được giao làm nhiệm vụ "
        "gắn với phát triển kinh tế – xã hội của địa phương.",
    ),
)


def load_documents() -> int:
    """Create the seeded documents that are not in the library yet (by kind, code and title); returns how many."""
    made = 0
    with transaction.atomic():
        by_code: dict[str, Document] = {}
        for seed in SEEDS:
            document = Document.objects.filter(kind=seed.kind, code=seed.code, title=seed.title).first()
            if document is None:
                document = Document.objects.create(
                    code=seed.code,
                    kind=seed.kind,
                    title=seed.title,
                    issuer=seed.issuer,
                    issued_on=seed.issued_on,
                    summary=seed.summary,
                    visibility=Visibility.PUBLIC,
                )
                record(actor=None, action=AuditAction.CREATE, obj=document, changes={"seed": [None, seed.code]})
                made += 1
            if seed.code:
                by_code[seed.code] = document
        for seed in SEEDS:
            if not seed.replaced_by:
                continue
            document, successor = by_code[seed.code], by_code[seed.replaced_by]
            if document.status == Status.IN_FORCE:
                Document.objects.filter(pk=document.pk).update(status=Status.REPLACED, replaced_by=successor)
                record(
                    actor=None,
                    action=AuditAction.TRANSITION,
                    obj=document,
                    changes={"status": [Status.IN_FORCE, Status.REPLACED], "replaced_by_id": [None, successor.pk]},
                )
    return made
