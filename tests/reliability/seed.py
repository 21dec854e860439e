"""Seed of the reliability tests' database: one province, a few communes, their bodies and officers, an open
six-month report period and a criteria set — made once per test session in a template database that every test
copies (loading all official units would cost a minute per session for nothing these tests need).

Run inside Django against the database the environment names:
``python -m tests.reliability.seed OUT.json`` writes the ids, API tokens and session keys the tests use.
"""

from __future__ import annotations

import json
import sys


def seed() -> dict:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from geo.models import UnitType
    from orgs.models import Role
    from practices.models import CriteriaSet, Criterion
    from reports import services as report_services
    from reports.catalogue import standard_form
    from tests.factories import make_org, make_unit, make_user

    out: dict = {"communes": [], "users": {}}

    def person(username, org, role=Role.OFFICER):
        user = make_user(username, org, role, email=f"{username}@example.vn")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(24 * 3600)
        session.save()
        out["users"][username] = {
            "id": user.pk,
            "token": Token.objects.create(user=user).key,
            "session": session.session_key,
        }
        return user

    with transaction.atomic():
        province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
        central_org = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
        province_org = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province, central_org)
        central = person("trunguong", central_org, Role.CENTRAL)
        person("tinh.a", province_org)
        person("tinh.b", province_org)
        out["province"] = {"id": province.pk, "code": province.code, "org": province_org.pk}
        for i in range(6):
            code = f"{24780 + i}"
            commune = make_unit(code, f"Phường Thử Nghiệm {i + 1}", UnitType.WARD, parent=province)
            party = make_org(f"Đảng ủy Phường Thử Nghiệm {i + 1}", "dang-uy-xa", commune, province_org)
            ubnd = make_org(f"UBND Phường Thử Nghiệm {i + 1}", "ubnd", commune)
            person(f"xa.{code}", party)
            person(f"ubnd.{code}.a", ubnd)
            person(f"ubnd.{code}.b", ubnd)
            out["communes"].append({"id": commune.pk, "code": code, "party_org": party.pk, "ubnd_org": ubnd.pk})
        criteria = CriteriaSet.objects.create(name="Bộ tiêu chí thử nghiệm", owner=province_org, pass_mark=5)
        Criterion.objects.create(criteria_set=criteria, order=1, description="Hiệu quả thực tế", max_score=10)
        out["criteria_set"] = criteria.pk
        period = report_services.period_open(form=standard_form(), year=2026, number=1, by=central)
        out["period"] = period.pk
    return out


if __name__ == "__main__":
    import django

    django.setup()
    from pathlib import Path

    Path(sys.argv[1]).write_text(json.dumps(seed(), ensure_ascii=False, indent=1))
