"""Requests released at the same moment from threads of their own: the race tests' one tool."""
import threading

TIMEOUT = 30


def signed_in_client(app, user_token):
    """A test client of its own, signed in as the user with this session token."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_token
        session["_fresh"] = True
    return client


def post_at_once(app, url, posts, what="a request"):
    """POST to `url` once per (name, user token, form data), each from its own thread and
    signed-in client, released together; returns {name: response}."""
    start_together = threading.Barrier(len(posts), timeout=TIMEOUT)
    responses, errors = {}, []

    def run(name, token, data):
        try:
            client = signed_in_client(app, token)
            start_together.wait()
            responses[name] = client.post(url, data=data)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=run, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads), f"{what} hung"
    return responses
