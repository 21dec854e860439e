"""Two people perform the same transition at the same moment, each through their own HTTP client against a real
server (gunicorn, several workers, their own database connections): exactly one succeeds, the other is told in
Vietnamese what happened, and nothing is done twice — one history row, one appraisal, one count in the roll-up of
the province and of the country."""

from __future__ import annotations

import threading

ROUNDS = 3  # several races per test: each is a fresh object, so one lost race cannot hide behind another

PRACTICE = {
    "kind": "model",
    "field": "society",
    "situation": "Đường làng lầy lội mùa mưa.",
    "objectives": "Bê tông hóa 2 km đường.",
    "content": "Nhân dân hiến đất, góp ngày công.",
    "target_people": "Hộ dân thôn 3",
    "outputs": "2 km đường bê tông",
    "sustainability": "Tổ tự quản bảo dưỡng",
    "start_date": "2026-03-01",
}


def at_once(*calls):
    """Run the calls in threads released together by a barrier; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def one_winner(responses, loser_words: tuple[str, ...]):
    codes = sorted(r.status_code for r in responses)
    assert all(c < 500 for c in codes), [r.text[:500] for r in responses]
    winners = [r for r in responses if r.status_code in (200, 201)]
    losers = [r for r in responses if r.status_code not in (200, 201)]
    assert len(winners) == 1, [(r.status_code, r.text[:300]) for r in responses]
    (loser,) = losers
    assert loser.status_code in (400, 409), loser.text[:300]
    message = loser.json()["message"]
    assert any(word in message.lower() for word in loser_words), message
    return winners[0], loser


def test_two_officers_start_the_same_appraisal_at_once(running_site):
    site = running_site
    seed = site.seed
    commune = seed["communes"][0]
    author = site.client(f"xa.{commune['code']}")
    a, b = site.client("tinh.a"), site.client("tinh.b")
    body = {"criteria_set": seed["criteria_set"], "members": [seed["users"]["tinh.a"]["id"]]}
    for round_ in range(ROUNDS):
        made = author.post(
            "/api/v1/practices/", json={**PRACTICE, "name": f"Đường làng {round_}", "unit": commune["code"]}
        )
        assert made.status_code == 201, made.text
        pk = made.json()["id"]
        assert author.post(f"/api/v1/practices/{pk}/submit/").status_code == 200
        path = f"/api/v1/practices/{pk}/start-appraisal/"
        one_winner(at_once(lambda p=path: a.post(p, json=body), lambda p=path: b.post(p, json=body)), ("mô hình",))
        assert site.sql("SELECT status FROM practices_practice WHERE id = %s", [pk]) == [("under_appraisal",)]
        assert site.sql("SELECT count(*) FROM practices_appraisal WHERE practice_id = %s", [pk]) == [(1,)]
        events = site.sql(
            "SELECT count(*) FROM practices_practiceevent WHERE practice_id = %s AND action = 'start_appraisal'", [pk]
        )
        assert events == [(1,)]


def test_two_officers_accept_the_same_case_at_once(running_site):
    site = running_site
    commune = site.seed["communes"][1]
    citizen = site.client()
    a, b = site.client(f"ubnd.{commune['code']}.a"), site.client(f"ubnd.{commune['code']}.b")
    for round_ in range(ROUNDS):
        sent = citizen.post(
            "/api/v1/cases/intake/",
            json={
                "kind": "petition",
                "topic": "giao-thong",
                "unit": commune["code"],
                "title": f"Đề nghị sửa đường số {round_}",
                "content": "Mặt đường hư hỏng nặng sau mưa lũ.",
            },
        )
        assert sent.status_code == 201, sent.text
        pk = sent.json()["id"]
        path = f"/api/v1/cases/{pk}/accept/"
        one_winner(at_once(lambda p=path: a.post(p, json={}), lambda p=path: b.post(p, json={})), ("vụ việc",))
        assert site.sql("SELECT status FROM cases_case WHERE id = %s", [pk]) == [("accepted",)]
        events = site.sql("SELECT count(*) FROM cases_caseevent WHERE case_id = %s AND action = 'accept'", [pk])
        assert events == [(1,)]


def test_a_report_approved_twice_at_once_counts_once_in_every_roll_up(running_site):
    site = running_site
    seed = site.seed
    period = seed["period"]
    a, b = site.client("tinh.a"), site.client("tinh.b")
    expected_houses = 0
    for round_, commune in enumerate(seed["communes"][:ROUNDS]):
        author = site.client(f"xa.{commune['code']}")
        (pk,) = site.sql(
            "SELECT id FROM reports_report WHERE period_id = %s AND organization_id = %s",
            [period, commune["party_org"]],
        )[0]
        houses = 10 + round_
        saved = author.patch(f"/api/v1/reports/{pk}/", json={"values": [{"indicator": "houses", "value": houses}]})
        assert saved.status_code == 200, saved.text
        assert author.post(f"/api/v1/reports/{pk}/submit/").status_code == 200
        path = f"/api/v1/reports/{pk}/approve/"
        one_winner(at_once(lambda p=path: a.post(p), lambda p=path: b.post(p)), ("báo cáo",))
        expected_houses += houses
        approvals = site.sql(
            "SELECT count(*) FROM reports_reportevent WHERE report_id = %s AND action = 'approve'", [pk]
        )
        assert approvals == [(1,)]

    # The province's row and the national figure each count every approved report once.
    rows = site.sql(
        "SELECT r.total, r.reports FROM reports_rollupvalue r JOIN reports_indicator i ON i.id = r.indicator_id "
        "WHERE r.period_id = %s AND r.unit_id = %s AND i.code = 'houses' AND r.breakdown = ''",
        [period, seed["province"]["id"]],
    )
    assert [(int(t), n) for t, n in rows] == [(expected_houses, ROUNDS)]
    national = site.client("trunguong").get(f"/api/v1/reports/rollup/?period={period}").json()
    houses = next(f for f in national["figures"] if f["indicator"] == "houses" and f["breakdown"] == "")
    assert (houses["value"], houses["reports"]) == (expected_houses, ROUNDS)
    assert "khớp" in site.manage("reports", "verify").stdout
