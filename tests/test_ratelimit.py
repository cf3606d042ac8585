"""The rate limit of the public forms counts completed submissions atomically in the shared cache
of production (Redis, which runs next to PostgreSQL on every machine, CI's included)."""

import threading

from django.test import RequestFactory

from ilv.ratelimit import submission_failed, submission_start

LIMIT = {"limit": 30, "window": 3600}


def visitor(address="192.0.2.10"):
    return RequestFactory().post("/evenementen/x/inschrijven/", REMOTE_ADDR=address)


def test_simultaneous_submissions_never_get_past_the_limit(redis_cache):
    start = threading.Barrier(45)
    taken = []

    def submit():
        start.wait()
        taken.append(submission_start(visitor(), "register", **LIMIT))

    threads = [threading.Thread(target=submit) for _ in range(45)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(key is not None for key in taken) == 30
    # Another address has a window of its own.
    assert submission_start(visitor("192.0.2.11"), "register", **LIMIT) is not None


def test_a_submission_that_did_not_complete_gives_its_place_back(redis_cache):
    for _ in range(100):  # a person correcting form errors, again and again
        submission_failed(submission_start(visitor(), "register", **LIMIT))
    kept = [submission_start(visitor(), "register", **LIMIT) for _ in range(30)]
    assert all(kept)
    assert submission_start(visitor(), "register", **LIMIT) is None
    submission_failed(kept[0])
    assert submission_start(visitor(), "register", **LIMIT) is not None
