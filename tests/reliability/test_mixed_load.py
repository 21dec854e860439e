"""Mixed load for a bounded time against a real server: citizens send cases (public form and API) and follow them,
officers list their queues and accept cases, commune officers enter and submit report figures, the province
approves and un-approves reports. Nothing may answer 5xx, and afterwards every acknowledged write is in the
database exactly once: each case whose submission was acknowledged (and no other), each accepted case's one
acceptance, each report's last acknowledged figures — and the roll-up store matches a recomputation.

``RELIABILITY_LOAD_SECONDS`` (default 20) sets how long the load runs.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import requests

SECONDS = float(os.environ.get("RELIABILITY_LOAD_SECONDS", "20"))
FIGURES = ("resources_vnd", "workdays", "houses", "gifts", "largest_gathering")  # whole numbers; one is a MAX


@dataclass
class Ledger:
    """What the server acknowledged, and every answer it gave."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)
    codes: list = field(default_factory=list)
    accepted: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # (report id, indicator code) → last acknowledged value

    def saw(self, what: str, response: requests.Response) -> requests.Response:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.failures.append((what, response.status_code, response.text[:800]))
        return response


def run_for(seconds: float, workers) -> list:
    stop = time.monotonic() + seconds
    errors: list = []

    def loop(work):
        rnd = random.Random(id(work))  # noqa: S311
        try:
            while time.monotonic() < stop:
                work(rnd)
        except Exception as e:  # noqa: BLE001 - reported by the test
            errors.append(repr(e))

    threads = [threading.Thread(target=loop, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_mixed_load_loses_nothing_and_never_fails(site):
    site.server.start()
    seed = site.seed
    period = seed["period"]
    ledger = Ledger()
    communes = seed["communes"]
    topics = ("giao-thong", "moi-truong", "dat-dai")

    def citizen(rnd):
        client = site.client()
        commune = rnd.choice(communes)
        fields = {
            "kind": rnd.choice(("feedback", "petition")),
            "topic": rnd.choice(topics),
            "unit": commune["code"],
            "title": f"Ý kiến về đường thôn {rnd.randint(1, 999)}",
            "content": "Đoạn đường trước nhà văn hóa bị sụt lún, đề nghị sửa chữa.",
        }
        if rnd.random() < 0.5:  # the public page, with its CSRF token
            topic_id = site.sql("SELECT id FROM cases_topic WHERE code = %s", [fields["topic"]])[0][0]
            sent = ledger.saw(
                "form", client.form_post("/gui-y-kien/", {**fields, "topic": str(topic_id), "people_count": "1"})
            )
            if sent.status_code == 302 and "/da-gui/" in sent.headers["Location"]:
                code = sent.headers["Location"].rstrip("/").rsplit("/", 1)[1]
                with ledger.lock:
                    ledger.codes.append(code)
                ledger.saw("sent", client.get(sent.headers["Location"]))
                shown = ledger.saw("track", client.get(f"/gui-y-kien/tra-cuu/?ma={code}"))
                assert shown.status_code == 200
        else:
            sent = ledger.saw("intake", client.post("/api/v1/cases/intake/", json=fields))
            if sent.status_code == 201:
                code = sent.json()["code"]
                with ledger.lock:
                    ledger.codes.append(code)
                tracked = ledger.saw("track-api", client.post("/api/v1/cases/track/", json={"code": code}))
                assert tracked.status_code == 200

    def officer(commune, suffix):
        api = site.client(f"ubnd.{commune['code']}.{suffix}")
        page = site.client(f"ubnd.{commune['code']}.{suffix}", html=True)

        def work(rnd):
            ledger.saw("queue-page", page.get("/y-kien/"))
            listed = ledger.saw("queue-api", api.get("/api/v1/cases/?status=received"))
            for item in listed.json()["results"][:2] if listed.status_code == 200 else []:
                done = ledger.saw("accept", api.post(f"/api/v1/cases/{item['id']}/accept/", json={}))
                if done.status_code == 200:
                    with ledger.lock:
                        ledger.accepted.append(item["id"])
            time.sleep(rnd.random() * 0.2)

        return work

    report_of = {
        c["code"]: site.sql(
            "SELECT id FROM reports_report WHERE period_id = %s AND organization_id = %s", [period, c["party_org"]]
        )[0][0]
        for c in communes
    }

    def reporter(commune):
        api = site.client(f"xa.{commune['code']}")
        pk = report_of[commune["code"]]

        def work(rnd):
            status = ledger.saw("report", api.get(f"/api/v1/reports/{pk}/")).json()["status"]
            if status in ("draft", "returned"):
                values = {code: rnd.randint(0, 5000) for code in rnd.sample(FIGURES, 3)}
                saved = ledger.saw(
                    "save",
                    api.patch(
                        f"/api/v1/reports/{pk}/",
                        json={"values": [{"indicator": k, "value": v} for k, v in values.items()]},
                    ),
                )
                if saved.status_code == 200:
                    with ledger.lock:
                        ledger.figures.update({(pk, k): v for k, v in values.items()})
                if rnd.random() < 0.5:
                    ledger.saw("submit", api.post(f"/api/v1/reports/{pk}/submit/"))
            time.sleep(rnd.random() * 0.2)

        return work

    province = site.client("tinh.a")
    province_page = site.client("tinh.a", html=True)

    def reviewer(rnd):
        ledger.saw("reports-page", province_page.get("/bao-cao/"))
        listed = ledger.saw("reports-api", province.get(f"/api/v1/reports/?period={period}&status=submitted"))
        for item in listed.json()["results"]:
            ledger.saw("approve", province.post(f"/api/v1/reports/{item['id']}/approve/"))
        approved = ledger.saw("approved", province.get(f"/api/v1/reports/?period={period}&status=approved"))
        for item in approved.json()["results"]:
            if item["id"] in report_of.values() and rnd.random() < 0.3:
                ledger.saw(
                    "unapprove",
                    province.post(f"/api/v1/reports/{item['id']}/unapprove/", json={"reason": "Kiểm tra lại số liệu"}),
                )
        time.sleep(rnd.random() * 0.3)

    workers = [citizen, citizen, officer(communes[0], "a"), officer(communes[1], "b"), reviewer]
    workers += [reporter(c) for c in communes[:3]]
    errors = run_for(SECONDS, workers)

    assert not errors, errors
    assert not ledger.failures, ledger.failures
    assert sum(ledger.statuses.values()) > 50, ledger.statuses  # the load did happen
    assert ledger.codes and ledger.accepted and ledger.figures, ledger.statuses

    # Every acknowledged case is stored exactly once, and nothing unacknowledged was stored.
    stored = Counter(code for (code,) in site.sql("SELECT code FROM cases_case"))
    sent = Counter(code.replace("-", "") for code in ledger.codes)
    assert stored == sent
    # Each acknowledged acceptance happened once.
    for pk in ledger.accepted:
        assert site.sql("SELECT count(*) FROM cases_caseevent WHERE case_id = %s AND action = 'accept'", [pk]) == [(1,)]
    assert len(set(ledger.accepted)) == len(ledger.accepted)
    # Each report holds the last figures it acknowledged, once each.
    for (pk, code), value in ledger.figures.items():
        rows = site.sql(
            "SELECT v.amount FROM reports_value v JOIN reports_indicator i ON i.id = v.indicator_id "
            "WHERE v.report_id = %s AND i.code = %s AND v.breakdown = ''",
            [pk, code],
        )
        assert rows == [(value,)], (pk, code, rows, value)
    # The roll-up store equals a recomputation from the approved values.
    assert "khớp" in site.manage("reports", "verify").stdout
