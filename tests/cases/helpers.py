"""Shared bits for the cases tests: a citizen's submission and small files.

The default kind is a petition: the personas' commune body is a Party committee, which handles petitions but only
receives and forwards complaints and denunciations (tests/cases/test_legal_path.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from cases import intake
from cases.models import Topic

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64

CITIZEN = {
    "full_name": "Nguyễn Thị Lan",
    "id_number": "068190001234",
    "phone": "0912345678",
    "email": "lan@example.vn",
    "address": "12 Trần Phú, Phường Xuân Hương - Đà Lạt",
}


def pdf(name="don.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def topic(code="dat-dai") -> Topic:
    return Topic.objects.get(code=code)


def submit(p, *, kind="petition", unit=None, contact=None, ip="203.0.113.7", **extra):
    values = {
        "title": "Chậm bồi thường đất làm đường vành đai",
        "content": "Gia đình tôi bàn giao đất từ tháng 3 nhưng chưa nhận được tiền bồi thường.",
        "files": (),
    }
    values.update(extra)
    return intake.case_submit(
        kind=kind,
        topic=values.pop("topic", None) or topic(),
        unit=unit or p.commune,
        contact=CITIZEN if contact is None else contact,
        client_ip=ip,
        **values,
    )
