"""relay_check.py must pass valid envelopes and fail — naming the field — on what Relay or the protocol rejects."""
import gzip
import importlib.util
import io
import json
import os
import sys
import tempfile
import time
import unittest
from contextlib import redirect_stdout, redirect_stderr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
spec = importlib.util.spec_from_file_location("relay_check", os.path.join(ROOT, "Scripts", "relay_check.py"))
relay_check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(relay_check)

EVENT_ID = "0123456789abcdef0123456789abcdef"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN_ID = "00f067aa0ba902b7"


def rfc3339(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + "Z"


def item(headers, payload, *, length=True):
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = dict(headers)
    if length:
        headers["length"] = len(raw)
    return json.dumps(headers).encode() + b"\n" + raw


def envelope(headers, *items):
    return b"\n".join([json.dumps(headers).encode(), *items]) + b"\n"


def error_event(**changes):
    now = time.time()
    event = {
        "event_id": EVENT_ID, "timestamp": now, "platform": "native", "level": "error", "release": "shop@1.0.0",
        "environment": "staging", "contexts": {"trace": {"trace_id": TRACE_ID, "span_id": SPAN_ID}},
        "exception": {"values": [{"type": "CheckoutFailed", "value": "declined", "mechanism": {"type": "generic", "handled": True},
                                  "stacktrace": {"frames": [{"function": "main", "instruction_addr": "0x55d0c0de1000", "in_app": True}]}}]},
        "debug_meta": {"images": [{"type": "elf", "image_addr": "0x55d0c0de0000", "image_size": 4096,
                                   "debug_id": "4247301c-14f1-5421-53a8-a777f6cdb3a2", "code_id": "1c304742f114215453a8a777f6cdb3a2b8505e11",
                                   "code_file": "/srv/shop"}]},
    }
    event.update(changes)
    return event


def transaction(**changes):
    now = time.time()
    event = {
        "event_id": EVENT_ID, "type": "transaction", "transaction": "POST /checkout", "transaction_info": {"source": "route"},
        "start_timestamp": now - 1, "timestamp": now, "platform": "native", "release": "shop@1.0.0",
        "contexts": {"trace": {"trace_id": TRACE_ID, "span_id": SPAN_ID, "op": "http.server", "status": "ok"}},
        "spans": [{"trace_id": TRACE_ID, "span_id": "a" * 16, "parent_span_id": SPAN_ID, "op": "db.query",
                   "start_timestamp": now - 0.5, "timestamp": now - 0.2, "status": "ok"}],
    }
    event.update(changes)
    return event


def log_container(*logs):
    return {"version": 2, "items": list(logs)}


def a_log(**changes):
    log = {"timestamp": time.time(), "trace_id": TRACE_ID, "level": "info", "body": "card charged", "severity_number": 9,
           "attributes": {"sentry.sdk.name": {"value": "sentry.swift.server", "type": "string"},
                          "amount": {"value": 4200, "type": "integer"}}}
    log.update(changes)
    return log


class RelayCheckTests(unittest.TestCase):
    def setUp(self):
        if relay_check.RELAY_IMPORT_ERROR is not None:
            self.fail(f"sentry_relay is not importable with {sys.executable}: run Scripts/bootstrap.sh "
                      f"({relay_check.RELAY_IMPORT_ERROR})")

    def problems(self, data, name="test.envelope"):
        report = relay_check.Report()
        relay_check.check_envelope_bytes(name, data, report)
        return report

    def assertClean(self, data):
        report = self.problems(data)
        self.assertEqual([str(p) for p in report.problems], [])
        self.assertTrue(report.items)
        return report

    def assertProblem(self, data, path, fragment, checker=None):
        report = self.problems(data)
        matches = [p for p in report.problems if p.path == path and fragment in p.message
                   and (checker is None or p.checker == checker)]
        self.assertTrue(matches, f"no problem at {path!r} containing {fragment!r}; got {[str(p) for p in report.problems]}")

    # Events: Relay's normalizer.

    def test_a_valid_error_event_passes_relay(self):
        report = self.assertClean(envelope({"event_id": EVENT_ID}, item({"type": "event"}, error_event())))
        self.assertEqual(report.items[0][2], "protocol+relay")

    def test_a_deliberately_broken_event_is_rejected_with_relays_field_paths(self):
        broken = error_event(level="loud", contexts={"trace": {"trace_id": "nope", "span_id": SPAN_ID}})
        broken["exception"]["values"][0]["stacktrace"]["frames"][0]["instruction_addr"] = "not-hex"
        data = envelope({"event_id": EVENT_ID}, item({"type": "event"}, broken))
        self.assertProblem(data, "level", "invalid_data: invalid level", "relay")
        self.assertProblem(data, "contexts.trace.trace_id", "not a valid trace id", "relay")
        self.assertProblem(data, "exception.values.0.stacktrace.frames.0.instruction_addr", "invalid_data", "relay")

    def test_unknown_top_level_fields_and_invalid_platforms_are_flagged(self):
        data = envelope({"event_id": EVENT_ID}, item({"type": "event"}, error_event(platform="swift", colour="red")))
        self.assertProblem(data, "colour", "invalid_attribute", "relay")
        self.assertProblem(data, "platform", "not one of Relay's platforms", "relay")

    def test_relay_rejects_a_transaction_without_a_trace_context(self):
        data = envelope({"event_id": EVENT_ID}, item({"type": "transaction"}, transaction(contexts={})))
        self.assertProblem(data, "", "Relay rejected the event", "relay")

    def test_relay_rejects_a_span_that_ends_before_it_starts(self):
        tx = transaction()
        tx["spans"][0]["timestamp"] = tx["spans"][0]["start_timestamp"] - 1
        self.assertProblem(envelope({"event_id": EVENT_ID}, item({"type": "transaction"}, tx)), "", "end timestamp is smaller")

    def test_a_valid_transaction_passes(self):
        self.assertClean(envelope({"event_id": EVENT_ID}, item({"type": "transaction"}, transaction())))

    def test_an_event_older_than_relay_accepts_is_flagged(self):
        old = error_event(timestamp=time.time() - 40 * 86400)
        self.assertProblem(envelope({"event_id": EVENT_ID}, item({"type": "event"}, old)), "timestamp", "past_timestamp", "relay")

    def test_fields_relay_drops_without_a_note_are_flagged(self):
        event = error_event(user={"id": "u1", "segment": "gold"}, sdk={"name": "sentry.swift.server", "version": "0.1.0", "flavour": "x"})
        event["exception"]["values"][0]["stacktrace"]["frames"][0]["colour"] = "red"
        event["debug_meta"]["images"][0]["checksum"] = {"sha1": "abc"}
        data = envelope({"event_id": EVENT_ID}, item({"type": "event"}, event))
        self.assertProblem(data, "exception.values.0.stacktrace.frames.0.colour", "dropped this field without a note", "relay")
        self.assertProblem(data, "debug_meta.images.0.checksum", "dropped this field without a note", "relay")
        self.assertProblem(data, "sdk.flavour", "dropped this field without a note", "relay")
        report = self.problems(data)
        # Unknown user keys move into user.data, and server_name into tags: reshaped, not lost.
        self.assertFalse([p for p in report.problems if p.path.startswith("user")], [str(p) for p in report.problems])
        self.assertEqual(len(report.problems), 3, [str(p) for p in report.problems])

    def test_the_sdks_own_meta_notes_are_not_relay_findings(self):
        event = error_event(extra={"body": "[Filtered]"}, _meta={"extra": {"body": {"": {"rem": [["!config", "s"]], "len": 42}}}})
        self.assertClean(envelope({"event_id": EVENT_ID}, item({"type": "event"}, event)))
        self.assertProblem(envelope({"event_id": EVENT_ID}, item({"type": "event"}, dict(event, level="loud"))), "level", "invalid level")

    def test_spans_with_fields_relay_drops_are_flagged(self):
        tx = transaction()
        tx["spans"][0]["weight"] = 3
        self.assertProblem(envelope({"event_id": EVENT_ID}, item({"type": "transaction"}, tx)), "spans.0.weight", "without a note")

    def test_the_elf_debug_id_must_derive_from_the_build_id(self):
        self.assertEqual(relay_check.elf_debug_id("1c304742f114215453a8a777f6cdb3a2b8505e11"), "4247301c-14f1-5421-53a8-a777f6cdb3a2")
        event = error_event()
        event["debug_meta"]["images"][0]["debug_id"] = "1c304742-f114-2154-53a8-a777f6cdb3a2"  # not byte-swapped
        self.assertProblem(envelope({"event_id": EVENT_ID}, item({"type": "event"}, event)), "debug_meta.images.0.debug_id",
                           "does not derive from code_id")

    def test_the_thrown_exception_comes_last_with_id_0(self):
        cause = {"type": "CardDeclined", "value": "51", "mechanism": {"type": "chained", "exception_id": 0}}
        thrown = {"type": "CheckoutFailed", "value": "x", "mechanism": {"type": "generic", "exception_id": 1, "parent_id": 0}}
        data = envelope({"event_id": EVENT_ID}, item({"type": "event"}, error_event(exception={"values": [cause, thrown]})))
        self.assertProblem(data, "exception.values.1.mechanism.exception_id", "exception_id 0")
        self.assertProblem(data, "exception.values.0.mechanism.parent_id", "needs its parent")

    def test_a_transaction_sent_as_an_event_item_is_flagged(self):
        self.assertProblem(envelope({"event_id": EVENT_ID}, item({"type": "event"}, transaction())), "type", "reads this event item")

    def test_what_relay_trims_to_its_size_limits_is_flagged(self):
        event = error_event(logentry={"formatted": "m" * 9000}, extra={"body": "b" * 20000})
        data = envelope({"event_id": EVENT_ID}, item({"type": "event"}, event))
        self.assertProblem(data, "logentry.formatted", "trimmed it to its size limit (original length 9000)", "relay")
        self.assertProblem(data, "extra.body", "trimmed it", "relay")
        deep = error_event()
        deep["exception"]["values"][0]["stacktrace"]["frames"] = [{"function": f"f{i}", "instruction_addr": hex(0x1000 + i)} for i in range(300)]
        self.assertProblem(envelope({"event_id": EVENT_ID}, item({"type": "event"}, deep)), "exception.values.0.stacktrace.frames",
                           "trimmed it (original length 300)", "relay")

    def test_overlong_tags_are_flagged(self):
        data = envelope({"event_id": EVENT_ID}, item({"type": "event"}, error_event(tags={"route": "x" * 201})))
        self.assertProblem(data, "tags.route", "more than 200")

    def test_payload_event_id_must_match_the_header(self):
        data = envelope({"event_id": "f" * 32}, item({"type": "event"}, error_event()))
        self.assertProblem(data, "event_id", "differs from the envelope header", "envelope")

    # Envelope framing.

    def test_newline_framed_items_and_a_missing_trailing_newline_parse(self):
        data = envelope({"event_id": EVENT_ID}, item({"type": "event"}, error_event(), length=False)).rstrip(b"\n")
        self.assertClean(data)

    def test_a_wrong_length_is_a_framing_problem(self):
        raw = json.dumps(error_event()).encode()
        data = b'{"event_id":"%s"}\n{"type":"event","length":%d}\n' % (EVENT_ID.encode(), len(raw) + 10) + raw
        self.assertProblem(data, "", "bad envelope framing")

    def test_gzip_at_rest_is_unpacked_and_noted(self):
        data = gzip.compress(envelope({"event_id": EVENT_ID}, item({"type": "event"}, error_event())))
        report = self.problems(data)
        self.assertEqual(report.problems, [])
        self.assertTrue(any("gzip" in note for note in report.notes))

    def test_two_events_in_one_envelope_and_unknown_types_are_problems(self):
        data = envelope({"event_id": EVENT_ID}, item({"type": "event"}, error_event()), item({"type": "event"}, error_event()),
                        item({"type": "replay_video"}, b"x"))
        self.assertProblem(data, "", "more than one event-class item")
        self.assertProblem(data, "", "no check for item type 'replay_video'")

    def test_attachments_need_their_event_and_a_plain_filename(self):
        data = envelope({}, item({"type": "attachment", "filename": "logs/app.txt"}, b"hello"))
        self.assertProblem(data, "", "attachments without their event")
        self.assertProblem(data, "(envelope header) event_id", "required")
        self.assertProblem(data, "(item header) filename", "path component")

    # Protocol-checked types.

    def test_a_valid_log_container_passes_and_says_how_it_was_checked(self):
        payload = log_container(a_log(), a_log(level="warn", severity_number=13, span_id=SPAN_ID))
        report = self.assertClean(envelope({}, item({"type": "log", "item_count": 2,
                                                     "content_type": "application/vnd.sentry.items.log+json"}, payload)))
        self.assertEqual(report.items[0][2], "protocol")

    def test_bad_logs_are_flagged(self):
        payload = log_container(a_log(level="warning", severity_number=13), a_log(attributes={"n": {"value": "1", "type": "integer"}}))
        data = envelope({}, item({"type": "log", "item_count": 3, "content_type": "application/json"}, payload))
        self.assertProblem(data, "items.0.level", "'warning' is not one of")
        self.assertProblem(data, "items.1.attributes.n.value", "not a valid integer")
        self.assertProblem(data, "(item header) item_count", "items has 2")
        self.assertProblem(data, "(item header) content_type", "expected")

    def test_sessions_need_a_release_and_minute_buckets(self):
        now = int(time.time()) // 60 * 60
        good = {"aggregates": [{"started": rfc3339(now), "exited": 2, "errored": 1}], "attrs": {"release": "shop@1.0.0"}}
        self.assertClean(envelope({}, item({"type": "sessions"}, good)))
        bad = {"aggregates": [{"started": rfc3339(now + 7), "exited": 1}], "attrs": {"environment": "staging"}}
        data = envelope({}, item({"type": "sessions"}, bad))
        self.assertProblem(data, "attrs.release", "required")
        self.assertProblem(data, "aggregates.0.started", "not rounded down to the minute")

    def test_a_single_session_is_checked(self):
        now = time.time()
        good = {"sid": "7c7b6585f9014351bf8d02711b721929", "init": True, "started": rfc3339(now - 60), "timestamp": rfc3339(now),
                "duration": 60.0, "status": "exited", "errors": 0, "attrs": {"release": "shop@1.0.0"}}
        self.assertClean(envelope({}, item({"type": "session"}, good)))
        bad = dict(good, status="errored", started=now, errors=-1)
        data = envelope({}, item({"type": "session"}, bad))
        self.assertProblem(data, "status", "'errored'")
        self.assertProblem(data, "started", "RFC 3339 string")
        self.assertProblem(data, "errors", "integer ≥ 0")

    def test_trace_metrics_are_checked(self):
        metric = {"timestamp": time.time(), "trace_id": TRACE_ID, "name": "checkout.latency", "type": "distribution",
                  "value": 125.5, "unit": "millisecond", "attributes": {}}
        headers = {"type": "trace_metric", "item_count": 1, "content_type": "application/vnd.sentry.items.trace-metric+json"}
        self.assertClean(envelope({}, item(headers, {"version": 2, "items": [metric]})))
        big = dict(metric, type="set", attributes={"k": {"value": "v" * 3000, "type": "string"}})
        data = envelope({}, item(headers, {"version": 2, "items": [big]}))
        self.assertProblem(data, "items.0.type", "'set'")
        self.assertProblem(data, "items.0", "more than Relay's 2 KiB")

    def test_check_ins_are_checked(self):
        good = {"check_in_id": "83a7c03ed0a04e1b97e2e3b18d38f244", "monitor_slug": "nightly", "status": "ok", "duration": 1.5,
                "monitor_config": {"schedule": {"type": "crontab", "value": "0 3 * * *"}, "checkin_margin": 5}}
        self.assertClean(envelope({}, item({"type": "check_in"}, good)))
        bad = dict(good, status="done", monitor_config={"schedule": {"type": "interval", "value": 2, "unit": "fortnight"}})
        data = envelope({}, item({"type": "check_in"}, bad))
        self.assertProblem(data, "status", "'done'")
        self.assertProblem(data, "monitor_config.schedule.unit", "'fortnight'")

    def test_client_report_categories_are_checked_with_relay(self):
        good = {"timestamp": time.time(), "discarded_events": [{"reason": "before_send", "category": "error", "quantity": 1}]}
        self.assertClean(envelope({}, item({"type": "client_report"}, good)))
        bad = {"discarded_events": [{"reason": "because", "category": "errors", "quantity": 0}], "filtered_events": []}
        data = envelope({}, item({"type": "client_report"}, bad))
        self.assertProblem(data, "discarded_events.0.category", "not a data category Relay knows", "relay")
        self.assertProblem(data, "discarded_events.0.reason", "not a client-report reason")
        self.assertProblem(data, "discarded_events.0.quantity", "integer ≥ 1")
        self.assertProblem(data, "filtered_events", "reserved for Relays")

    def test_profiles_need_two_samples(self):
        profile = {"version": "1", "platform": "native", "event_id": "b" * 32, "timestamp": rfc3339(time.time()),
                   "release": "shop@1.0.0", "device": {"architecture": "x86_64"}, "os": {"name": "Linux", "version": "6.8"},
                   "transaction": {"id": EVENT_ID, "name": "GET /x", "trace_id": TRACE_ID, "active_thread_id": "1"},
                   "profile": {"samples": [{"elapsed_since_start_ns": "0", "thread_id": "1", "stack_id": 0}],
                               "stacks": [[0]], "frames": [{"instruction_addr": "0x1000"}], "thread_metadata": {"1": {"name": "main"}}}}
        data = envelope({"event_id": EVENT_ID}, item({"type": "transaction"}, transaction()), item({"type": "profile"}, profile))
        self.assertProblem(data, "profile.samples", "fewer than 2")

    def test_garbage_of_every_type_gives_problems_never_a_traceback(self):
        shapes = [b"", b"null", b"[]", b'"x"', b"{}", b"{\"items\": \"x\"}", b"{\"items\": [1, \"a\", null, []]}",
                  b"{\"aggregates\": [1], \"attrs\": \"x\", \"discarded_events\": [null], \"profile\": []}",
                  b"{\"contexts\": {\"trace\": 1}, \"monitor_config\": {\"schedule\": 3}, \"exception\": {\"values\": [1]}}",
                  b"{\"debug_meta\": {\"images\": [{\"type\": \"elf\", \"code_id\": \"zz\", \"debug_id\": 1}]}, \"spans\": [1]}",
                  b"{\"profile\": {\"samples\": [1, {\"stack_id\": \"x\"}], \"stacks\": [[99], 1], \"frames\": [1]}}",
                  b"\xff\xfe"]
        for item_type in list(relay_check.ITEM_CHECKS) + ["statsd", ""]:
            for shape in shapes:
                for headers in ({"type": item_type}, {"type": item_type, "item_count": "x", "filename": 3, "platform": 1}):
                    data = envelope({"event_id": EVENT_ID}, item(headers, shape))
                    report = self.problems(data)
                    self.assertTrue([p for p in report.problems if "#0" in p.where], f"{item_type} {headers} {shape!r} passed")
        self.assertTrue(self.problems(envelope({"trace": 1, "sent_at": 5}, item({"type": "client_report"}, b"{}"))).problems)

    # Types the SDK does not emit yet (profiling, AI, feedback are being added): valid ones pass.

    def test_valid_feedback_span_v2_profile_and_profile_chunk_pass(self):
        now = time.time()
        feedback = {"event_id": EVENT_ID, "timestamp": now, "platform": "native", "type": "feedback",
                    "contexts": {"feedback": {"message": "great checkout", "contact_email": "a@example.com"}}}
        self.assertClean(envelope({"event_id": EVENT_ID}, item({"type": "feedback"}, feedback)))
        span = {"trace_id": TRACE_ID, "span_id": SPAN_ID, "name": "chat gpt-4o", "status": "ok", "is_segment": False,
                "start_timestamp": now - 1, "end_timestamp": now,
                "attributes": {"sentry.op": {"value": "gen_ai.chat", "type": "string"},
                               "gen_ai.usage.input_tokens": {"value": 12, "type": "integer"}}}
        spans = {"type": "span", "item_count": 1, "content_type": "application/vnd.sentry.items.span.v2+json"}
        self.assertClean(envelope({"trace": {"trace_id": TRACE_ID, "public_key": "k"}}, item(spans, {"version": 2, "items": [span]})))
        self.assertProblem(envelope({}, item(spans, {"version": 2, "items": [dict(span, status="internal_error")]})),
                           "items.0.status", "ok or error")
        shared = {"stacks": [[0, 1]], "frames": [{"instruction_addr": "0x1000"}, {"function": "main"}],
                  "thread_metadata": {"1": {"name": "main"}}}
        profile = {"version": "1", "platform": "native", "event_id": "b" * 32, "timestamp": rfc3339(now - 1),
                   "release": "shop@1.0.0", "device": {"architecture": "x86_64"}, "os": {"name": "Linux", "version": "6.8"},
                   "transaction": {"id": EVENT_ID, "name": "POST /checkout", "trace_id": TRACE_ID, "active_thread_id": "1"},
                   "profile": dict(shared, samples=[{"elapsed_since_start_ns": "0", "thread_id": "1", "stack_id": 0},
                                                    {"elapsed_since_start_ns": "10000000", "thread_id": "1", "stack_id": 0}])}
        self.assertClean(envelope({"event_id": EVENT_ID}, item({"type": "transaction"}, transaction()), item({"type": "profile"}, profile)))
        chunk = {"version": "2", "platform": "native", "profiler_id": "c" * 32, "chunk_id": "d" * 32, "release": "shop@1.0.0",
                 "profile": dict(shared, samples=[{"timestamp": now - 0.5, "thread_id": "1", "stack_id": 0}])}
        self.assertClean(envelope({}, item({"type": "profile_chunk", "platform": "native"}, chunk)))
        self.assertProblem(envelope({}, item({"type": "profile_chunk"}, chunk)), "(item header) platform", "differs")

    # The command line.

    def run_main(self, *arguments):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            status = relay_check.main(list(arguments))
        return status, out.getvalue() + err.getvalue()

    def test_main_reads_a_directory_like_the_inbox_stores_it_and_exits_non_zero_on_problems(self):
        with tempfile.TemporaryDirectory() as directory:
            with open(os.path.join(directory, "000001-1-%s.envelope" % EVENT_ID), "wb") as handle:
                handle.write(envelope({"event_id": EVENT_ID}, item({"type": "event"}, error_event())))
            with open(os.path.join(directory, ".000002-1-x.envelope.partial"), "wb") as handle:
                handle.write(b"half")
            status, output = self.run_main(directory)
            self.assertEqual(status, 0, output)
            self.assertIn("1 item(s) of type(s) event; 0 problem(s)", output)
            with open(os.path.join(directory, "000003-1-%s.envelope" % EVENT_ID), "wb") as handle:
                handle.write(envelope({"event_id": EVENT_ID}, item({"type": "event"}, error_event(level="loud"))))
            status, output = self.run_main(directory)
            self.assertEqual(status, 1, output)
            self.assertIn("#0 event level: invalid_data: invalid level [relay]", output)

    def test_main_fails_when_there_is_nothing_to_check(self):
        with tempfile.TemporaryDirectory() as directory:
            status, output = self.run_main(directory)
            self.assertEqual(status, 1)
            self.assertIn("no envelope found", output)


if __name__ == "__main__":
    unittest.main()
