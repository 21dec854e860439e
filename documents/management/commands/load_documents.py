from django.core.management.base import BaseCommand

from documents.seed import load_documents


class Command(BaseCommand):
    help = "Nạp các văn bản chỉ đạo về công tác dân vận mà các bài viết nguồn nêu (chạy lại không tạo trùng)."

    def handle(self, *args, **options):
        made = load_documents()
        self.stdout.write(f"Đã thêm {made} văn bản vào thư viện (xem /van-ban/).")
