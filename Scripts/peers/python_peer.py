# The Python SDK (PyPI sentry-sdk) on the same operations as Benchmarks/Sources/HotPaths/main.swift,
# for Scripts/bench-peers.sh. Envelopes go to a transport that drops them (no network).
#
#   python_peer.py [--repeats N] [--event FILE] <op>
#
# One op per process, as HotPaths runs one path per process (a scope outlives sentry_sdk.init, so
# breadcrumbs of one op would ride on the next op's events): sentry_sdk.init as HotPaths' start()
# does, a warm-up that also picks the iteration count (~0.2 s per repeat), then N timed repeats
# (time.perf_counter_ns). Prints, in HotPaths' format:
#   <op>: <ns> ns/call over <iterations> calls (median of <N>)
# --event is the JSON of `HotPaths dump-large-event`, needed by serialize-10kb-event.
import argparse
import json
import statistics
import sys
import time
from datetime import datetime, timezone

import sentry_sdk
from sentry_sdk.envelope import Envelope
from sentry_sdk.serializer import serialize
from sentry_sdk.transport import Transport
from sentry_sdk.utils import format_timestamp


class DropTransport(Transport):
    def capture_envelope(self, envelope):
        pass


def start(rate=None, integrations=True, stack=True):
    # Mirrors HotPaths' start(); attach_stacktrace because ours attaches a stack to messages by default.
    sentry_sdk.init(
        dsn="https://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@sentry.invalid/1",
        transport=DropTransport,
        traces_sample_rate=rate,
        release="orders@2.14.3",
        environment="production",
        default_integrations=integrations,
        attach_stacktrace=stack,
    )


class LookupFailed(Exception):
    def __init__(self, key):
        super().__init__(key)
        self.key = key


def nested(depth, key):
    if depth == 0:
        raise LookupFailed(key)
    return nested(depth - 1, key) + 1


BREADCRUMB = {"message": "SELECT * FROM orders WHERE id = $1", "category": "query", "level": "info"}


def add_breadcrumb(_):
    sentry_sdk.add_breadcrumb(BREADCRUMB)


def fork_set_tag(index):
    with sentry_sdk.new_scope() as scope:
        scope.set_tag("flow.a" if index & 1 == 0 else "flow.b", "checkout")


def capture_message(_):
    sentry_sdk.capture_message("order failed")


def capture_thrown_error(index):
    try:
        nested(10, index)
    except LookupFailed as error:
        sentry_sdk.capture_exception(error)


def transaction_10_spans(_):
    with sentry_sdk.start_transaction(op="http.server", name="GET /orders/:id") as transaction:
        for _ in range(10):
            transaction.start_child(op="db.query", name="SELECT 1").finish()


def serializer_for(event):
    # What the client does to an event (serializer.serialize in _prepare_event), then the envelope
    # the client builds and the bytes HttpTransport writes before gzip (Envelope.serialize_into).
    options = sentry_sdk.get_client().options

    def serialize_event(_):
        normalized = serialize(event, max_request_body_size=options["max_request_body_size"],
                               max_value_length=options["max_value_length"], custom_repr=options["custom_repr"])
        envelope = Envelope(headers={"event_id": normalized["event_id"],
                                     "sent_at": format_timestamp(datetime.now(timezone.utc))})
        envelope.add_event(normalized)
        return envelope.serialize()

    return serialize_event


def setup(op, event):
    """Starts the SDK as the op's HotPaths counterpart does; returns the call to measure."""
    if op == "transaction-10-spans-unsampled":
        start(rate=0, integrations=False)
        return transaction_10_spans
    if op == "transaction-10-spans-sampled":
        start(rate=1, integrations=False)
        return transaction_10_spans
    # capture-message-python-defaults: a reference with Python's own default (no stack on messages).
    start(stack=op != "capture-message-python-defaults")
    if op == "capture-message-python-defaults":
        return capture_message
    if op == "serialize-10kb-event":
        if event is None:
            sys.exit("python_peer: serialize-10kb-event needs --event FILE")
        return serializer_for(event)
    calls = {"add-breadcrumb": add_breadcrumb, "fork-set-tag": fork_set_tag, "capture-message": capture_message,
             "capture-thrown-error": capture_thrown_error}
    if op not in calls:
        sys.exit(f"python_peer: unknown op {op}")
    return calls[op]


def timed(call, iterations):
    began = time.perf_counter_ns()
    for index in range(iterations):
        call(index)
    return (time.perf_counter_ns() - began) / iterations


def measure(call, repeats, target_ns=200_000_000):
    # Warm-up: at least 100 calls or 0.1 s, which also estimates the cost of one call.
    warm, began = 0, time.perf_counter_ns()
    while warm < 100 or time.perf_counter_ns() - began < 100_000_000:
        call(warm)
        warm += 1
    estimate = (time.perf_counter_ns() - began) / warm
    iterations = max(10, min(2_000_000, int(target_ns / estimate)))
    return statistics.median(timed(call, iterations) for _ in range(repeats)), iterations


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--event", help="JSON file of the ~10 KB event (HotPaths dump-large-event)")
    parser.add_argument("op")
    args = parser.parse_args()
    event = None
    if args.event:
        with open(args.event) as file:
            event = json.load(file)
    ns, iterations = measure(setup(args.op, event), args.repeats)
    print(f"{args.op}: {round(ns)} ns/call over {iterations} calls (median of {args.repeats})")
    sentry_sdk.get_client().close(timeout=2)


if __name__ == "__main__":
    main()
