"""kill -9 of the notification worker in the middle of a digest run and of a send batch: after a restart no queued
notification is lost and none is duplicated in the outbox (one row per fact); an e-mail that was sent but not yet
marked when the worker died is sent again with the same Message-ID, and only that one."""

from __future__ import annotations

import re
import time
from collections import Counter

from tests.reliability.live import Fault

DAY = "2027-01-15"  # far enough ahead that every open case of the seed is overdue: every handler gets a digest
CASES = 8
BATCH, LEASE = 5, 3


def make_work(site) -> list[str]:
    """Cases for four communes' People's Committees (each queues a notification per officer) and submitted
    commune reports awaiting the province; returns the officers who must get a digest."""
    site.server.start()
    citizen = site.client()
    communes = site.seed["communes"][:4]
    for i in range(CASES):
        commune = communes[i % len(communes)]
        sent = citizen.post(
            "/api/v1/cases/intake/",
            json={
                "kind": "petition",
                "topic": "moi-truong",
                "unit": commune["code"],
                "title": f"Rác thải ven kênh số {i}",
                "content": "Đề nghị thu gom rác tồn đọng.",
            },
        )
        assert sent.status_code == 201, sent.text
    for commune in site.seed["communes"][:2]:
        author = site.client(f"xa.{commune['code']}")
        (pk,) = site.sql(
            "SELECT id FROM reports_report WHERE period_id = %s AND organization_id = %s",
            [site.seed["period"], commune["party_org"]],
        )[0]
        assert author.post(f"/api/v1/reports/{pk}/submit/").status_code == 200
    site.server.stop()
    handlers = [f"ubnd.{c['code']}.{s}" for c in communes for s in ("a", "b")]
    return sorted([*handlers, "tinh.a", "tinh.b", "trunguong"])


def digests(site) -> list[tuple[str, int]]:
    return site.sql(
        "SELECT u.username, count(*) FROM notifications_notification n JOIN orgs_user u ON u.id = n.recipient_id "
        "WHERE n.kind = 'digest' GROUP BY u.username ORDER BY u.username"
    )


def test_kill9_in_a_digest_run_keeps_whole_chunks_and_the_rerun_adds_each_digest_once(site):
    expected = make_work(site)
    worker = site.worker(
        "digest",
        "--date",
        DAY,
        # Chunks of 3 digests, each its own transaction; the worker dies inside the second one.
        fault=Fault("notifications.digest:notify_many", after=2, setting="notifications.digest:CHUNK=3"),
    )
    worker.wait_for_fault()
    assert site.db.writer_active()
    worker.kill9()
    assert sum(n for _u, n in digests(site)) == 3  # the committed first chunk, nothing of the second

    rerun = site.manage("digest", "--date", DAY)
    assert f"cho {len(expected)} cán bộ" in rerun.stdout
    assert digests(site) == [(username, 1) for username in expected]
    assert site.sql("SELECT count(*), count(DISTINCT dedupe_key) FROM notifications_notification") == [
        (len(expected) + 2 * CASES, len(expected) + 2 * CASES)
    ]


def message_ids(mail_dir) -> Counter:
    found = Counter()
    for path in mail_dir.glob("*"):
        found.update(re.findall(r"^Message-ID: (<[^>]+>)", path.read_text(errors="replace"), flags=re.MULTILINE))
    return found


def test_kill9_in_a_send_batch_loses_nothing_and_resends_only_the_message_in_hand(site):
    make_work(site)
    queued = site.sql("SELECT id, dedupe_key FROM notifications_notification ORDER BY id")
    assert len(queued) == 2 * CASES
    mail_dir = site.workdir / "mail"
    mail = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "NOTIFICATIONS_MESSAGE_ID_DOMAIN": "danvan.test",
    }
    worker = site.worker(
        "send_notifications",
        "--batch",
        str(BATCH),
        "--lease",
        str(LEASE),
        # Dies in the second batch, after sending its second message and before marking it sent.
        fault=Fault("notifications.delivery:_mark", after=BATCH + 2, before=True),
        extra_env=mail,
    )
    worker.wait_for_fault()
    worker.kill9()
    assert site.sql("SELECT count(*) FROM notifications_notification WHERE delivery = 'sent'") == [(BATCH + 1,)]
    assert sum(message_ids(mail_dir).values()) == BATCH + 2

    time.sleep(LEASE + 1)  # the dead worker's claim runs out
    site.manage("send_notifications", "--batch", str(BATCH), extra_env=mail)

    # The outbox: the same rows, each sent.
    assert site.sql("SELECT id, dedupe_key FROM notifications_notification ORDER BY id") == queued
    assert site.sql("SELECT delivery, count(*) FROM notifications_notification GROUP BY delivery") == [
        ("sent", 2 * CASES)
    ]
    # The mail: every notification once, and the one in hand when the worker died a second time, same Message-ID.
    sent = message_ids(mail_dir)
    expected = {f"<notification-{pk}." for pk, _key in queued}
    assert {mid.split(".")[0] + "." for mid in sent} == expected
    assert sorted(sent.values()) == [1] * (2 * CASES - 1) + [2]
