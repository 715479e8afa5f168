#!/usr/bin/env python3
"""A Sentry ingestion endpoint that misbehaves on command, for the fault-injection run.

It listens on an envelope port (what the SDK's DSN names) and a control port. The control port
takes `POST /fault/<mode>` with mode one of: ok, 500, 429 (all categories limited for a few
seconds), delay (answers after 20 s), reset (TCP RST after reading the head), down (the envelope
port stops listening) and up; and `GET /summary`, which returns what arrived as JSON:
for each answered status the event ids of the items that carried one, and the client-report
totals that were delivered. Everything is kept as counts and id sets: memory stays small.
"""
import gzip
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
mode = "ok"
answered = {}          # status -> set of item event ids
reported = {}          # "reason:category" -> quantity, from delivered client reports
requests = {"total": 0}


def items(body):
    """The envelope's header and its (item header, payload) pairs."""
    newline = body.find(b"\n")
    header = json.loads(body[: newline if newline >= 0 else len(body)] or b"{}")
    position, found = (newline + 1 if newline >= 0 else len(body)), []
    while position < len(body):
        end = body.find(b"\n", position)
        end = len(body) if end < 0 else end
        line = body[position:end]
        position = end + 1
        if not line.strip():
            continue
        item = json.loads(line)
        length = item.get("length")
        if length is None:
            end = body.find(b"\n", position)
            end = len(body) if end < 0 else end
            length = end - position
        found.append((item, body[position : position + length]))
        position += length + 1
    return header, found


def record(status, body):
    """Notes the ids an envelope carried under the status it was answered with."""
    try:
        header, pairs = items(body)
    except ValueError:
        header, pairs = {}, []
    ids, reports = [], []
    for item, payload in pairs:
        kind = item.get("type")
        if kind in ("event", "transaction") and header.get("event_id"):
            ids.append(kind + ":" + header["event_id"])
        elif kind == "client_report":
            reports.append(payload)
    with lock:
        requests["total"] += 1
        answered.setdefault(status, set()).update(ids)
        if 200 <= status < 300:
            for payload in reports:
                try:
                    for entry in json.loads(payload).get("discarded_events", []):
                        key = "%s:%s" % (entry["reason"], entry["category"])
                        reported[key] = reported.get(key, 0) + int(entry["quantity"])
                except (ValueError, KeyError, TypeError):
                    pass


class Envelopes(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        with lock:
            current = mode
        if current == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.connection.close()
            self.close_connection = True
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Encoding") == "gzip":
            try:
                body = gzip.decompress(body)
            except OSError:
                body = b""
        extra = {}
        if current == "500":
            status = 500
        elif current == "429":
            status = 429
            extra["X-Sentry-Rate-Limits"] = "5::organization"
        else:
            if current == "delay":
                time.sleep(20)
            status = 200
        record(status, body)
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


class EnvelopeServer:
    """The envelope port, which `down` closes and `up` opens again on the same port."""

    def __init__(self, port):
        self.port = port
        self.server = None
        self.up()

    def up(self):
        if self.server is None:
            ThreadingHTTPServer.allow_reuse_address = True
            ThreadingHTTPServer.daemon_threads = True
            self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Envelopes)
            self.port = self.server.server_address[1]
            threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def main():
    envelopes = EnvelopeServer(int(sys.argv[1]) if len(sys.argv) > 1 else 0)

    class Control(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            global mode
            wanted = self.path.rsplit("/", 1)[-1]
            if wanted == "down":
                envelopes.down()
            elif wanted == "up":
                envelopes.up()
            else:
                with lock:
                    mode = wanted
            self.send_response(204)
            self.end_headers()

        def do_GET(self):
            with lock:
                summary = {
                    "answered": {str(status): sorted(ids) for status, ids in answered.items()},
                    "reported": reported,
                    "requests": requests["total"],
                }
            body = json.dumps(summary).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    control = ThreadingHTTPServer(("127.0.0.1", 0), Control)
    print("envelopes %d control %d" % (envelopes.port, control.server_address[1]), flush=True)
    control.serve_forever()


def report(summary_path, output_path):
    """Accounts for every error event the run created: delivered, refused by the server with a
    429 (the server counts those), still in the spool, or counted in a client report. Returns
    the exit status: 1 when an event is unaccounted for."""
    summary = json.load(open(summary_path))
    output = json.load(open(output_path))
    created = set(line.strip() for line in open(output["created_path"]) if line.strip())
    answered = {int(status): set(ids) for status, ids in summary["answered"].items()}
    delivered = set().union(*[ids for status, ids in answered.items() if 200 <= status < 300]) & created
    refused = (answered.get(429, set()) & created) - delivered
    spooled = (set(output["spooled"]) & created) - delivered - refused
    missing = created - delivered - refused - spooled
    # Drops in the capture pipeline (de-duplication, sampling, hooks) return an empty id, so
    # those events never were in `created`; the rest are drops after capture.
    capture_side = ("event_processor:", "sample_rate:", "before_send:")
    counted, before_capture = {}, 0
    for totals in (summary["reported"], output["pending"]):
        for key, quantity in totals.items():
            if not key.endswith(":error"):
                continue
            if key.startswith(capture_side):
                before_capture += quantity
            else:
                counted[key] = counted.get(key, 0) + quantity
    counted_total = sum(counted.values())
    print("error events created: %d" % len(created))
    print("  delivered:            %d" % len(delivered))
    print("  refused with 429:     %d (counted by the server)" % len(refused))
    print("  in the spool:         %d" % len(spooled))
    print("  neither (lost):       %d" % len(missing))
    print("  counted as dropped:   %d %s" % (counted_total, json.dumps(counted, sort_keys=True)))
    print("(dropped before capture returned, so not created: %d)" % before_capture)
    print("requests answered: %s" % json.dumps({str(k): len(v) for k, v in sorted(answered.items())}))
    print("idle CPU while waiting: %.2f %%, final RSS %.1f MB" % (100 * output["idle_cpu"], output["rss_mb"]))
    # Every event that is neither delivered, refused nor spooled is counted, exactly once.
    ok = counted_total == len(missing)
    print("accounting: %s" % ("every event is delivered, spooled, refused or counted once" if ok else "MISMATCH"))
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "report":
        sys.exit(report(sys.argv[2], sys.argv[3]))
    main()
