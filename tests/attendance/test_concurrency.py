"""Parallel check-ins on real PostgreSQL: a retry storm of one phone, and two phones of one student."""
import threading
import uuid

import pytest
from django.db import connection
from rest_framework.test import APIClient

from attendance.models import CheckIn

from .conftest import near

# No serialized_rollback: its teardown flush skips post_migrate, which leaves django_content_type empty
# under the ids the process has cached, and a later transactional test then fails on a foreign key.
# The calendar rows of the data migration are put back by the fresh_rules fixture (conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def _parallel(student, payloads: list[dict]) -> list[int]:
    codes: list[int] = []
    barrier = threading.Barrier(len(payloads))
    lock = threading.Lock()

    def post(payload):
        client = APIClient()
        client.force_authenticate(user=student)
        try:
            barrier.wait()
            code = client.post("/api/v1/check-ins/", payload, format="json").status_code
        finally:
            connection.close()
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=post, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(codes)


def test_the_same_check_in_sent_at_once_makes_one_row(student, placement):
    payload = {"client_id": str(uuid.uuid4()), **near()}
    codes = _parallel(student, [payload] * THREADS)
    assert codes == [200] * (THREADS - 1) + [201]
    assert CheckIn.objects.count() == 1


def test_different_check_ins_of_one_day_sent_at_once_make_one_row(student, placement):
    codes = _parallel(student, [{"client_id": str(uuid.uuid4()), **near()} for _ in range(THREADS)])
    assert codes == [201] + [409] * (THREADS - 1)
    assert CheckIn.objects.count() == 1
