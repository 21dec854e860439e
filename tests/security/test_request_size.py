"""An oversized body is refused before it is read (issue 18, item 7): 413 with a Vietnamese
message from the Content-Length alone, on the test client and on a real server that is sent a
huge length and only the start of a body."""

import io
import os
import shutil
import socket
import tempfile
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import LiveServerTestCase, SimpleTestCase, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from cases.models import Case
from lib.request_limits import LimitedUploadHandler

HUGE = 200 * 1024 * 1024


class EarlyRefusalTest(SimpleTestCase):
    def test_a_huge_content_length_is_413_before_the_body_is_read(self):
        for path in ("/gui-y-kien/", "/api/v1/cases/intake/", "/dan-van-kheo/nhap-excel/"):
            with self.subTest(path=path):
                r = self.client.generic(
                    "POST", path, b"--x--", content_type=MULTIPART_CONTENT, CONTENT_LENGTH=str(HUGE)
                )
                self.assertEqual(r.status_code, 413)
                self.assertIn("vượt giới hạn 101 MB", r.content.decode())

    @override_settings(DANVAN_MAX_REQUEST_BYTES=4096)
    def test_the_limit_is_a_setting_and_the_api_answers_in_its_error_shape(self):
        body = {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4" + b"0" * 8192)}
        r = self.client.post("/api/v1/cases/intake/", body)
        self.assertEqual(r.status_code, 413)
        self.assertEqual(r.json()["extra"], {"max_bytes": 4096})

    @override_settings(DANVAN_MAX_REQUEST_BYTES=4096)
    def test_the_upload_handler_stops_a_body_past_the_limit_whatever_its_length_said(self):
        data = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4" + b"0" * 8192)})
        meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(data))}
        handlers = [LimitedUploadHandler(), MemoryFileUploadHandler()]
        _post, files = MultiPartParser(meta, io.BytesIO(data), handlers).parse()
        self.assertNotIn("file", files)


class RealServerTest(LiveServerTestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="danvan-upload-tmp-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_a_real_server_answers_413_without_reading_the_body_and_writes_nothing(self):
        host, port = self.live_server_url.removeprefix("http://").split(":")
        with override_settings(FILE_UPLOAD_TEMP_DIR=self.tmp), socket.create_connection((host, int(port)), 10) as s:
            head = (
                f"POST /gui-y-kien/ HTTP/1.1\r\nHost: {host}\r\nContent-Type: {MULTIPART_CONTENT}\r\n"
                f"Content-Length: {HUGE}\r\nConnection: close\r\n\r\n"
            ).encode()
            s.sendall(head + b"--" + BOUNDARY.encode() + b"\r\n" + b"0" * 65536)  # then stop sending
            started = time.monotonic()
            s.settimeout(10)
            answer = b""
            # Read the answer, not until the close: the development server then drains the rest of the body.
            while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < 40:
                answer += s.recv(65536)
            self.assertLess(time.monotonic() - started, 5)
        status_line = answer.split(b"\r\n", 1)[0]
        self.assertIn(b" 413 ", status_line)
        self.assertIn("vượt giới hạn".encode(), answer)
        self.assertEqual(os.listdir(self.tmp), [])
        self.assertFalse(Case.objects.exists())
