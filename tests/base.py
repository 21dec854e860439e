from django.test import TestCase

from tests.factories import Personas


class BaseTestCase(TestCase):
    """Gives every test the same named personas: self.p.commune_officer, self.p.province, …"""

    @classmethod
    def setUpTestData(cls):
        cls.p = Personas.create()

    def login(self, user):
        self.client.force_login(user)
        return user
