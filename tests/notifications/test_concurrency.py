"""Two `send_notifications` at once, on PostgreSQL with real row locks: each e-mail goes
out once, and the second worker skips what the first holds instead of waiting for it."""

import threading

import pytest
from django.db import connection, connections

from accounts.models import Role
from notifications import delivery
from notifications.models import EmailStatus, Notification
from tests.factories import make_unit, make_user
from tests.notifications.support import returned

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="skip_locked row locks need PostgreSQL: SQLite serialises whole transactions",
    ),
]


def test_two_workers_at_once_send_each_email_once(smtp, monkeypatch):
    unit = make_unit(code="phuong-c", name="Phường C")
    users = [
        make_user(role=Role.OFFICIAL, unit=unit, email=f"c{n}@caolanh.example") for n in range(3)
    ]
    for user in users:
        returned(user, unit)
    a_sending, b_done = threading.Event(), threading.Event()
    build = delivery.email_message

    def email_message(notification):
        if threading.current_thread().name == "A":
            a_sending.set()
            b_done.wait(timeout=10)  # A holds its rows' locks while B runs
        return build(notification)

    monkeypatch.setattr(delivery, "email_message", email_message)
    runs: dict[str, delivery.DeliveryRun] = {}
    finished_while_a_held: list[bool] = []

    def worker(name: str) -> None:
        try:
            if name == "B":
                a_sending.wait(timeout=10)
            runs[name] = delivery.notifications_send()
            if name == "B":
                finished_while_a_held.append(not runs.get("A"))
                b_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(name,), name=name) for name in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert runs["A"].sent == 3 and runs["B"].sent == 0
    assert finished_while_a_held == [True]  # B skipped the locked rows, did not wait
    assert sorted(m["To"] for m in smtp.messages) == sorted(u.email for u in users)
    assert set(Notification.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
