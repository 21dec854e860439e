"""Vietnamese order and folding (lib.vntext)."""

from django.test import SimpleTestCase

from lib.vntext import fold, sort_key


def ordered(*names: str) -> list[str]:
    return sorted(names, key=sort_key)


class SortKeyTest(SimpleTestCase):
    def test_a_name_sorts_before_its_own_longer_form(self):
        self.assertEqual(ordered("Hà Nội", "Hà"), ["Hà", "Hà Nội"])
        self.assertEqual(ordered("Phường An Khê", "Phường An"), ["Phường An", "Phường An Khê"])
        self.assertEqual(ordered("Hà Nam", "Hà Nội", "Hà", "Hà Giang"), ["Hà", "Hà Giang", "Hà Nam", "Hà Nội"])

    def test_a_shorter_word_sorts_before_a_longer_word_it_starts(self):
        self.assertEqual(ordered("Anh Sơn", "An Bình", "An"), ["An", "An Bình", "Anh Sơn"])
        self.assertEqual(ordered("Phường An Khê", "Phường Anh"), ["Phường An Khê", "Phường Anh"])

    def test_letters_come_before_tones_and_d_before_đ(self):
        self.assertEqual(
            ordered("Đồng Nai", "Dak Nong", "Điện Biên", "Zeta"), ["Dak Nong", "Điện Biên", "Đồng Nai", "Zeta"]
        )
        self.assertEqual(ordered("Hà", "Ha", "Hạ", "Hả"), ["Ha", "Hà", "Hả", "Hạ"])
        self.assertEqual(ordered("Hà Nội", "Ha Nội"), ["Ha Nội", "Hà Nội"])

    def test_numbers_compare_by_value(self):
        self.assertEqual(ordered("Phường 10", "Phường 2", "Phường"), ["Phường", "Phường 2", "Phường 10"])

    def test_the_key_is_plain_ascii_so_databases_order_it_the_same(self):
        key = sort_key("Phường An Khê")
        self.assertTrue(key.isascii() and key.isalnum())
        self.assertLess(sort_key("Hà"), sort_key("Hà Nội"))

    def test_fold(self):
        self.assertEqual(fold("  Đắk   Lắk "), "dak lak")
