"""Issue 21: the admin a user sees speaks Vietnamese — Django 5 ships some admin and auth strings without a
Vietnamese translation ("Skip to main content", "Show counts", "Password-based authentication"…); the project's
locale/vi fills them in."""

import re

from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.base import BaseTestCase

ENGLISH = re.compile(
    r"\b(Save|Delete|Django|Skip to main content|Log out|Password|None|True|False|Add|Change|View|Filter|Search|"
    r"History|Home|Action|Select|Yes|No|Unknown|Welcome|Recent actions|Show counts|Hide counts|Enabled|Disabled|"
    r"AUTH TOKEN|AXES|Access attempts|Model name)\b"
)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


class AdminSpeaksVietnameseTests(BaseTestCase):
    def test_every_admin_list_and_form_is_in_vietnamese(self):
        self.p.admin.is_superuser = True
        self.p.admin.save()
        self.login(self.p.admin)
        urls = [reverse("admin:index"), reverse("admin:password_change")]
        for model in admin.site._registry:
            for suffix in ("changelist", "add"):
                try:
                    urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{suffix}"))
                except NoReverseMatch:
                    continue
        urls.append(reverse("admin:orgs_user_change", args=[self.p.commune_officer.pk]))
        self.assertGreater(len(urls), 10)
        for url in urls:
            r = self.client.get(url)
            if r.status_code == 403:  # append-only models have no add page
                continue
            self.assertEqual(r.status_code, 200, url)
            found = sorted(set(ENGLISH.findall(visible_text(r.content.decode()))))
            self.assertEqual(found, [], url)
