#!/usr/bin/env python3
"""Validates envelopes the SDK wrote against Relay's own normalizer and the protocol digest.

Usage: relay_check.py [-q] PATH...   (envelope files, or directories of `*.envelope` files as the
local inbox stores them with `sentry-inbox --dir`: Sources/SentryInbox/EnvelopeFileStore.swift;
the SDK's disk spool is such a directory too). The inbox stores bodies after undoing
Content-Encoding, so files are plain; a gzip file is unpacked and noted. Exit status 0 when every
item passed, 1 when any problem was found, 2 on bad usage or when `sentry_relay` is missing.

How each item is checked (and what is NOT checked by Relay):
* `event`, `transaction`, `feedback`: normalized by Relay's store normalizer
  (`sentry_relay.processing.StoreNormalizer.normalize_event`, the code sentry.io runs before it
  stores an event), with `remove_other=True` and trimming on, as ingestion runs it. A Relay
  exception (e.g. `invalid transaction event: missing valid trace context`) is a rejection; every
  `err` in the normalized `_meta` tree (unknown top-level fields show up there as
  `invalid_attribute`), every entry of the normalized `errors` list, every value Relay replaced
  (a `_meta` `val` without `err`, e.g. an unknown `platform` turned into `other`) or trimmed to
  its size limits, and every field Relay dropped without a note (it keeps unknown keys only where
  its schema has an `other` bag: an unknown key in an exception, frame, span, debug image or the
  `sdk` interface vanishes silently, found by comparing input and output) is a problem, reported
  with its field path and Relay's message. On top, protocol facts the Python normalizer does not
  enforce: tag key/value length, feedback message length, the ELF `debug_id` derived from
  `code_id` (§3.5), the exception chain order (§3.2), event_id matching the envelope header.
* Every other item type: `sentry_relay` 0.10's Python API has no entry point for them. It exposes
  only the event normalizer, PII config/selector validation and stripping
  (`validate_pii_config`, `validate_pii_selector`, `pii_strip_event`), dynamic-sampling and rule
  condition validation, project/global config normalization, release parsing, version
  comparison, the list of valid platforms and data categories (`DataCategory.parse`), and
  Relay's registration crypto. Nothing for sessions, session aggregates, logs, trace metrics,
  spans v2, check-ins, client reports, attachments, profiles or profile chunks (nor replays).
  Those are checked here against the schema facts in the protocol digest (shared/protocol.md:
  required fields, types, value sets and size limits), and the output says so: each item is
  listed as `(protocol)` or `(protocol+relay)`. Client-report categories are still checked with
  Relay's own `DataCategory.parse`.
* The envelope itself (headers line, framing, `length`, `item_count`, content types, per-item and
  per-envelope counts and sizes) is checked against protocol.md §2.

To check a new item type, write `check_<type>(context, payload)` below and add it to
`ITEM_CHECKS`; an item type without an entry is reported as a problem, never passed silently.
"""
import argparse
import datetime
import gzip
import json
import math
import os
import re
import sys
import time
from dataclasses import dataclass, field

try:
    from sentry_relay.consts import DataCategory
    from sentry_relay.processing import VALID_PLATFORMS, StoreNormalizer
except ImportError as error:  # reported by main(); importable for the unit tests' messages
    RELAY_IMPORT_ERROR = error
else:
    RELAY_IMPORT_ERROR = None

MIB = 1024 * 1024
HEX32 = re.compile(r"^[0-9a-f]{32}$")
HEX16 = re.compile(r"^[0-9a-f]{16}$")
UUID = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$")
INT64 = (-(2**63), 2**63 - 1)

# protocol.md §2.2-§2.4, §2.6.
ENVELOPE_HEADERS = {"event_id", "sent_at", "dsn", "sdk", "trace"}
ITEM_HEADERS = {"type", "length", "content_type", "filename", "attachment_type", "item_count", "platform"}
EVENT_CLASS = {"event", "transaction", "feedback"}
MAX_ENVELOPE = 200 * MIB
ITEM_LIMITS = {"event": MIB, "transaction": MIB, "feedback": MIB, "check_in": 100 * 1024,
               "client_report": 4 * 1024, "profile": 50 * MIB, "profile_chunk": 50 * MIB,
               "attachment": 100 * MIB}
CONTAINERS = {"log": ("application/vnd.sentry.items.log+json", 100, MIB),
              "trace_metric": ("application/vnd.sentry.items.trace-metric+json", None, 2 * 1024),
              "span": ("application/vnd.sentry.items.span.v2+json", 1000, MIB)}
ONE_PER_ENVELOPE = {"profile", "check_in", "log", "trace_metric", "span"}
ATTACHMENT_TYPES = {"event.attachment", "event.minidump", "event.applecrashreport", "unreal.context",
                    "unreal.logs", "event.view_hierarchy"}
# Field-level limits the Python normalizer does not enforce (protocol.md §2.6).
TAG_MAX = 200
# Relay's age limits (protocol.md §2.6).
MAX_SECS_IN_PAST = 30 * 86400
MAX_SECS_IN_FUTURE = 60
MAX_SESSION_SECS_IN_PAST = 5 * 86400


@dataclass
class Problem:
    where: str       # file[#item n type]
    path: str        # field path inside the item ("" = the item or envelope itself)
    message: str
    checker: str     # "relay" | "protocol" | "envelope"

    def __str__(self):
        location = f"{self.where} {self.path}" if self.path else self.where
        return f"{location}: {self.message} [{self.checker}]"


@dataclass
class Context:
    """What one item's checks see: where it is, its headers, its envelope, and the problem list."""
    where: str
    item_type: str
    headers: dict
    envelope_headers: dict
    problems: list
    checked_by: set = field(default_factory=set)

    def problem(self, path, message, checker="protocol"):
        self.problems.append(Problem(self.where, path, message, checker))


class EnvelopeError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Envelope framing (protocol.md §2.1)

def parse_envelope(data):
    """Returns (headers, [(item_headers, payload_bytes)]); raises EnvelopeError on bad framing."""
    def line_at(offset):
        end = data.find(b"\n", offset)
        return (data[offset:], len(data)) if end < 0 else (data[offset:end], end + 1)

    def json_object(raw, what):
        try:
            value = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise EnvelopeError(f"{what} is not JSON: {error}")
        if not isinstance(value, dict):
            raise EnvelopeError(f"{what} is not a JSON object")
        if raw != raw.strip():
            raise EnvelopeError(f"{what} has leading or trailing whitespace")
        return value

    first, offset = line_at(0)
    headers = json_object(first, "envelope header line")
    items = []
    while offset < len(data):
        raw, after = line_at(offset)
        if raw == b"" and after == len(data):
            break  # the optional trailing newline
        if raw.strip() == b"":
            raise EnvelopeError(f"blank line at byte {offset} where an item header was expected")
        index = len(items)
        item_headers = json_object(raw, f"item {index} header")
        length = item_headers.get("length")
        if length is not None:
            if not isinstance(length, int) or isinstance(length, bool) or length < 0:
                raise EnvelopeError(f"item {index}: length {length!r} is not a non-negative integer")
            payload = data[after:after + length]
            if len(payload) != length:
                raise EnvelopeError(f"item {index}: length {length} runs past the end ({len(payload)} bytes left)")
            offset = after + length
            if offset < len(data):
                if data[offset:offset + 1] != b"\n":
                    raise EnvelopeError(f"item {index}: byte after its {length}-byte payload is not a newline")
                offset += 1
        else:
            payload, offset = line_at(after)
        items.append((item_headers, payload))
    return headers, items


# ---------------------------------------------------------------------------------------------
# Small value checks

def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value):
    return (is_int(value) or isinstance(value, float)) and not (isinstance(value, float) and not math.isfinite(value))


def parse_time(value):
    """Float seconds for an RFC 3339 string or a number, else None."""
    if is_number(value):
        return float(value)
    if isinstance(value, str) and RFC3339.match(value):
        text = value.replace("Z", "+00:00")
        text = re.sub(r"\.(\d{6})\d+", r".\1", text)
        try:
            return datetime.datetime.fromisoformat(text).timestamp()
        except ValueError:
            return None
    return None


def check_time(context, path, value, *, required=True, string_only=False, number_only=False,
               max_past=MAX_SECS_IN_PAST):
    if value is None:
        if required:
            context.problem(path, "required timestamp is missing")
        return None
    if string_only and not isinstance(value, str):
        context.problem(path, f"must be an RFC 3339 string, got {value!r}")
        return None
    if number_only and not is_number(value):
        context.problem(path, f"must be float Unix seconds, got {value!r}")
        return None
    seconds = parse_time(value)
    if seconds is None:
        context.problem(path, f"not an RFC 3339 timestamp or Unix seconds: {value!r}")
        return None
    now = time.time()
    if seconds > now + MAX_SECS_IN_FUTURE:
        context.problem(path, f"{value!r} is more than {MAX_SECS_IN_FUTURE} s in the future")
    if seconds < now - max_past:
        context.problem(path, f"{value!r} is older than Relay accepts ({max_past // 86400} days)")
    return seconds


def check_hex_id(context, path, value, pattern, what, required=True):
    if value is None:
        if required:
            context.problem(path, f"required {what} is missing")
    elif not isinstance(value, str) or not pattern.match(value):
        context.problem(path, f"not a valid {what}: {value!r}")


def check_string(context, path, value, *, required=False, max_chars=None, non_empty=True):
    if value is None:
        if required:
            context.problem(path, "required string is missing")
        return
    if not isinstance(value, str):
        context.problem(path, f"must be a string, got {type(value).__name__}")
    elif non_empty and value == "":
        context.problem(path, "must not be empty")
    elif max_chars is not None and len(value) > max_chars:
        context.problem(path, f"{len(value)} characters, more than {max_chars}")


def check_count(context, path, value, *, required=False, minimum=0):
    if value is None:
        if required:
            context.problem(path, "required integer is missing")
    elif not is_int(value) or value < minimum:
        context.problem(path, f"must be an integer ≥ {minimum}, got {value!r}")


def check_known_fields(context, path, obj, known):
    for key in obj:
        if key not in known:
            context.problem(f"{path}.{key}" if path else key, "undocumented field (protocol.md §2.1: SDKs MUST NOT emit it)")


def payload_json(context, payload):
    try:
        value = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        context.problem("", f"payload is not JSON: {error}")
        return None
    if not isinstance(value, dict):
        context.problem("", "payload is not a JSON object")
        return None
    return value


def check_attributes(context, path, attributes):
    """Typed attributes (protocol.md §9.3)."""
    if attributes is None:
        return
    if not isinstance(attributes, dict):
        context.problem(path, "attributes must be an object")
        return
    for key, attribute in attributes.items():
        where = f"{path}.{key}"
        if not isinstance(attribute, dict) or "value" not in attribute or "type" not in attribute:
            context.problem(where, f"must be {{\"value\":…, \"type\":…}}, got {attribute!r}")
            continue
        check_known_fields(context, where, attribute, {"value", "type", "unit"})
        kind, value = attribute["type"], attribute["value"]
        valid = {
            "string": lambda v: isinstance(v, str),
            "boolean": lambda v: isinstance(v, bool),
            "integer": lambda v: is_int(v) and INT64[0] <= v <= INT64[1],
            "double": is_number,
            "array": lambda v: isinstance(v, list) and len({type(e) for e in v}) <= 1
            and all(isinstance(e, (str, bool, int, float)) for e in v),
        }.get(kind)
        if valid is None:
            context.problem(where + ".type", f"unknown attribute type {kind!r} (string, boolean, integer, double, array)")
        elif not valid(value):
            context.problem(where + ".value", f"{value!r} is not a valid {kind}")
        if "unit" in attribute:
            check_string(context, where + ".unit", attribute["unit"])


def check_platform(context, path, platform):
    if platform is None:
        return
    if platform not in VALID_PLATFORMS:
        context.problem(path, f"{platform!r} is not one of Relay's platforms {sorted(VALID_PLATFORMS)}", "relay")


# ---------------------------------------------------------------------------------------------
# Event-class items: Relay's store normalizer

_NORMALIZER = None


def normalizer():
    global _NORMALIZER
    if _NORMALIZER is None:
        # What sentry.io passes for a new event: unknown top-level attributes become `invalid_attribute`.
        # Trimming on: what exceeds Relay's size limits (message 8192, extra values 16 KiB, tag values 200…) is
        # trimmed and noted in `_meta`, as Relay's ingestion does before the store normalizer.
        _NORMALIZER = StoreNormalizer(project_id=1, protocol_version="7", remove_other=True, enable_trimming=True,
                                      max_secs_in_past=MAX_SECS_IN_PAST, max_secs_in_future=MAX_SECS_IN_FUTURE)
    return _NORMALIZER


def _meta_findings(meta, path="", sent=None):
    """Yields (path, message) for each `err` and each replaced value in a `_meta` tree.

    `sent` is the `_meta` the SDK itself sent (its own trimming and scrubbing notes): Relay keeps those, and
    a note the SDK sent is not a finding of Relay's."""
    if not isinstance(meta, dict):
        return
    sent = sent if isinstance(sent, dict) else {}
    for key, value in meta.items():
        if key == "":
            if not isinstance(value, dict) or value == sent.get(""):
                continue
            errors = value.get("err") or []
            for error in errors:
                if isinstance(error, list):
                    kind, details = error[0], (error[1] if len(error) > 1 else {})
                    reason = details.get("reason") if isinstance(details, dict) else None
                    extra = reason or ", ".join(f"{k}={v}" for k, v in (details or {}).items())
                    yield path, f"{kind}: {extra}" if extra else str(kind)
                else:
                    yield path, str(error)
            if not errors and not value.get("rem") and "len" in value:
                yield path, f"Relay trimmed it (original length {value['len']})"
            if not errors and "val" in value:
                yield path, f"Relay replaced the value {value['val']!r}"
            for remark in value.get("rem") or []:
                if isinstance(remark, list) and remark and remark[0] == "!limit":
                    yield path, f"Relay trimmed it to its size limit (original length {value.get('len', '?')})"
                else:
                    yield path, f"Relay changed the value (remark {remark!r})"
        else:
            yield from _meta_findings(value, f"{path}.{key}" if path else key, sent.get(key))


def _leaf_paths(value, path=""):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaf_paths(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaf_paths(child, f"{path}.{index}")
    elif value is not None:
        yield path


# Where Relay moves or reshapes a field on purpose (so its old path is gone without data loss).
_RESHAPED = re.compile(r"^(?:tags|server_name|message|request\.(?:headers|cookies|query_string|env)|user\.[^.]+$"
                       r"|contexts\.[^.]+\.type$)(?:\.|$)")


def _silently_dropped(event, normalized):
    """Input leaves missing from Relay's output with no `_meta` note: Relay's schema has no such field.

    Relay keeps unknown keys only where its schema has `other` (contexts, `extra`, `data` bags) and drops them
    elsewhere (an exception's, a frame's, a span's, an image's or the SDK interface's unknown keys) silently.
    """
    kept = set(_leaf_paths(normalized))
    user = normalized.get("user") or {}
    dropped = []
    for path in _leaf_paths(event):
        if path in kept or path.startswith("_meta") or _RESHAPED.match(path):
            if path.startswith("user.") and path.count(".") == 1 and path not in kept:
                key = path.split(".", 1)[1]
                if key not in user and key not in (user.get("data") or {}):
                    dropped.append(path)
            continue
        # Keep one report per dropped object key, not one per leaf below it.
        parent = next((d for d in dropped if path.startswith(d + ".")), None)
        if parent is None:
            dropped.append(_dropped_key(path, kept))
    return sorted(set(dropped))


def _dropped_key(path, kept):
    """The shortest prefix of `path` that Relay's output lacks entirely."""
    parts = path.split(".")
    for end in range(1, len(parts) + 1):
        prefix = ".".join(parts[:end])
        if not any(k == prefix or k.startswith(prefix + ".") for k in kept):
            return prefix
    return path


def relay_normalize(context, event):
    """Runs Relay's normalizer; returns the normalized event or None when Relay rejected it."""
    context.checked_by.add("relay")
    try:
        normalized = normalizer().normalize_event(event)
    except Exception as error:  # Relay's exceptions carry a Rust backtrace after a blank line
        message = str(error).split("\n\n")[0].strip()
        context.problem("", f"Relay rejected the event: {type(error).__name__}: {message}", "relay")
        return None
    reported = set()
    for path in _silently_dropped(event, normalized):
        reported.add(path)
        context.problem(path, "Relay dropped this field without a note: it is not in Relay's event schema "
                              "(protocol.md §2.1: an SDK MUST NOT emit undocumented attributes)", "relay")
    for path, message in _meta_findings(normalized.get("_meta"), sent=event.get("_meta")):
        reported.add(path)
        context.problem(path, message, "relay")
    for error in normalized.get("errors") or []:
        name = error.get("name", "")
        if name in reported:
            continue
        details = ", ".join(f"{k}={v!r}" for k, v in error.items() if k not in ("type", "name"))
        context.problem(name, f"{error.get('type')}{': ' + details if details else ''}", "relay")
    return normalized


def check_event_common(context, event, expected_type):
    header_id = context.envelope_headers.get("event_id")
    if event.get("event_id") is not None and header_id is not None and event.get("event_id") != header_id:
        context.problem("event_id", f"{event.get('event_id')!r} differs from the envelope header's {header_id!r}", "envelope")
    check_hex_id(context, "event_id", event.get("event_id"), HEX32, "event id (32 lowercase hex)")
    check_time(context, "timestamp", event.get("timestamp"))
    if event.get("platform") is None:
        context.problem("platform", "required field is missing")
    check_platform(context, "platform", event.get("platform"))
    tags = event.get("tags")
    pairs = tags.items() if isinstance(tags, dict) else (tags if isinstance(tags, list) else [])
    for pair in pairs:
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            key, value = pair
            if isinstance(key, str) and len(key) > TAG_MAX:
                context.problem(f"tags.{key[:20]}…", f"tag key has {len(key)} characters, more than {TAG_MAX}")
            if isinstance(value, str) and len(value) > TAG_MAX:
                context.problem(f"tags.{key}", f"tag value has {len(value)} characters, more than {TAG_MAX}")
    check_exception_chain(context, event.get("exception"))
    check_debug_images(context, event.get("debug_meta"))
    normalized = relay_normalize(context, event)
    if normalized is not None and normalized.get("type") not in expected_type:
        context.problem("type", f"Relay reads this {context.item_type} item as a {normalized.get('type')!r} event", "relay")
    return normalized


def check_exception_chain(context, exception):
    """Oldest first, the thrown one last with exception_id 0, every other one with a parent (protocol.md §3.2)."""
    values = exception.get("values") if isinstance(exception, dict) else exception
    if not isinstance(values, list):
        return
    ids = [((v or {}).get("mechanism") or {}).get("exception_id") if isinstance(v, dict) else None for v in values]
    if not any(i is not None for i in ids):
        return
    if ids[-1] != 0:
        context.problem(f"exception.values.{len(values) - 1}.mechanism.exception_id",
                        f"{ids[-1]!r}: the last (thrown) exception is the root, exception_id 0")
    for index, value in enumerate(values[:-1]):
        if ((value or {}).get("mechanism") or {}).get("parent_id") is None:
            context.problem(f"exception.values.{index}.mechanism.parent_id", "a chained exception needs its parent's id")


def elf_debug_id(code_id):
    """protocol.md §3.5: the first 16 build-id bytes, fields 1-3 byte-swapped, as a UUID."""
    raw = bytes.fromhex(code_id)[:16].ljust(16, b"\0")
    swapped = raw[3::-1] + raw[5:3:-1] + raw[7:5:-1] + raw[8:]
    text = swapped.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def check_debug_images(context, debug_meta):
    images = debug_meta.get("images") if isinstance(debug_meta, dict) else None
    for index, image in enumerate(images if isinstance(images, list) else []):
        if not isinstance(image, dict) or image.get("type") != "elf":
            continue
        path = f"debug_meta.images.{index}"
        for key in ("image_addr", "image_size", "debug_id"):
            if image.get(key) is None:
                context.problem(f"{path}.{key}", "required for an ELF image")
        code_id = image.get("code_id")
        if isinstance(code_id, str) and re.fullmatch(r"(?:[0-9a-f]{2})+", code_id) and isinstance(image.get("debug_id"), str):
            expected = elf_debug_id(code_id)
            if image["debug_id"].lower().split("-")[:5] != expected.split("-"):
                context.problem(f"{path}.debug_id", f"{image['debug_id']!r} does not derive from code_id {code_id!r} "
                                                    f"(expected {expected!r}, protocol.md §3.5)")


def check_event(context, payload):
    event = payload_json(context, payload)
    if event is not None:
        check_event_common(context, event, {"error", "default"})


def check_transaction(context, payload):
    event = payload_json(context, payload)
    if event is None:
        return
    if event.get("type") != "transaction":
        context.problem("type", f"a transaction item needs \"type\":\"transaction\", got {event.get('type')!r}")
    check_time(context, "start_timestamp", event.get("start_timestamp"))
    check_string(context, "transaction", event.get("transaction"), required=True)
    for index, span in enumerate(event.get("spans") or []):
        for key in ("trace_id", "span_id", "start_timestamp", "timestamp"):
            if not isinstance(span, dict) or span.get(key) is None:
                context.problem(f"spans.{index}.{key}", "required span field is missing")
    check_event_common(context, event, {"transaction"})


def check_feedback(context, payload):
    event = payload_json(context, payload)
    if event is None:
        return
    feedback = (event.get("contexts") or {}).get("feedback")
    if not isinstance(feedback, dict):
        context.problem("contexts.feedback", "a feedback item needs a feedback context")
    else:
        check_string(context, "contexts.feedback.message", feedback.get("message"), required=True, max_chars=4096)
    check_event_common(context, event, {"feedback", "default"})


# ---------------------------------------------------------------------------------------------
# Other item types: protocol.md checks (sentry_relay's Python API has no validator for them)

SESSION_STATUSES = {"ok", "exited", "crashed", "abnormal"}


def check_session_attrs(context, attrs):
    if not isinstance(attrs, dict):
        context.problem("attrs", "required object is missing (it carries the release)")
        return
    check_known_fields(context, "attrs", attrs, {"release", "environment", "ip_address", "user_agent"})
    check_string(context, "attrs.release", attrs.get("release"), required=True, max_chars=200)
    check_string(context, "attrs.environment", attrs.get("environment"), max_chars=64)


def check_session(context, payload):
    """protocol.md §6.1."""
    session = payload_json(context, payload)
    if session is None:
        return
    check_known_fields(context, "", session, {"sid", "did", "init", "started", "timestamp", "duration", "status",
                                              "errors", "abnormal_mechanism", "seq", "attrs"})
    if session.get("sid") is None:
        if session.get("status") != "exited":
            context.problem("sid", "may be omitted only when the first update is already exited")
    else:
        check_hex_id(context, "sid", session.get("sid"), UUID, "session id (UUID)")
    check_string(context, "did", session.get("did"))
    if "init" in session and not isinstance(session["init"], bool):
        context.problem("init", f"must be a boolean, got {session['init']!r}")
    started = check_time(context, "started", session.get("started"), string_only=True,
                         max_past=MAX_SESSION_SECS_IN_PAST)
    stamp = check_time(context, "timestamp", session.get("timestamp"), required=False, string_only=True,
                       max_past=MAX_SESSION_SECS_IN_PAST)
    if started is not None and stamp is not None and stamp < started:
        context.problem("timestamp", "is before started")
    duration = session.get("duration")
    if duration is not None and (not is_number(duration) or duration < 0):
        context.problem("duration", f"must be non-negative seconds, got {duration!r}")
    if session.get("status", "ok") not in SESSION_STATUSES:
        context.problem("status", f"{session.get('status')!r} is not one of {sorted(SESSION_STATUSES)}")
    check_count(context, "errors", session.get("errors"))
    check_count(context, "seq", session.get("seq"))
    if session.get("status") == "crashed" and (session.get("errors") or 0) < 1:
        context.problem("errors", "a crashed session counts its crash as an error")
    check_session_attrs(context, session.get("attrs"))


def check_sessions(context, payload):
    """protocol.md §6.2."""
    sessions = payload_json(context, payload)
    if sessions is None:
        return
    check_known_fields(context, "", sessions, {"aggregates", "attrs"})
    aggregates = sessions.get("aggregates")
    if not isinstance(aggregates, list) or not aggregates:
        context.problem("aggregates", "required non-empty list is missing")
        aggregates = []
    if len(aggregates) > 100:
        context.problem("aggregates", f"{len(aggregates)} buckets, more than 100")
    for index, bucket in enumerate(aggregates):
        path = f"aggregates.{index}"
        if not isinstance(bucket, dict):
            context.problem(path, "must be an object")
            continue
        check_known_fields(context, path, bucket, {"started", "did", "exited", "errored", "crashed", "abnormal"})
        started = check_time(context, f"{path}.started", bucket.get("started"), string_only=True,
                             max_past=MAX_SESSION_SECS_IN_PAST)
        if started is not None and started % 60 != 0:
            context.problem(f"{path}.started", f"{bucket.get('started')!r} is not rounded down to the minute")
        counts = [bucket.get(key) for key in ("exited", "errored", "crashed", "abnormal")]
        for key in ("exited", "errored", "crashed", "abnormal"):
            check_count(context, f"{path}.{key}", bucket.get(key))
        if not any(is_int(count) and count > 0 for count in counts):
            context.problem(path, "bucket counts no session")
        check_string(context, f"{path}.did", bucket.get("did"))
    check_session_attrs(context, sessions.get("attrs"))


def check_container(context, payload):
    """The shared shape of log / trace_metric / span v2 containers (protocol.md §2.4); returns the entries."""
    content_type, max_items, _ = CONTAINERS[context.item_type]
    if context.headers.get("content_type") != content_type:
        context.problem("(item header) content_type", f"{context.headers.get('content_type')!r}, expected {content_type!r}", "envelope")
    container = payload_json(context, payload)
    if container is None:
        return []
    check_known_fields(context, "", container, {"version", "items", "ingest_settings"})
    if container.get("version") not in (None, 2):
        context.problem("version", f"{container.get('version')!r}; the SDK sends version 2")
    entries = container.get("items")
    if not isinstance(entries, list) or not entries:
        context.problem("items", "required non-empty list is missing")
        return []
    if context.headers.get("item_count") != len(entries):
        context.problem("(item header) item_count", f"{context.headers.get('item_count')!r}, but items has {len(entries)}", "envelope")
    if max_items is not None and len(entries) > max_items:
        context.problem("items", f"{len(entries)} entries, more than {max_items} per envelope")
    trace_ids = {entry.get("trace_id") for entry in entries if isinstance(entry, dict)}
    if len(trace_ids) > 1 and "trace" in context.envelope_headers:
        context.problem("(envelope header) trace", "entries of several traces share an envelope that has a trace header")
    return entries


LOG_LEVELS = {"trace": 1, "debug": 5, "info": 9, "warn": 13, "error": 17, "fatal": 21}


def check_log(context, payload):
    """protocol.md §9."""
    for index, log in enumerate(check_container(context, payload)):
        path = f"items.{index}"
        if not isinstance(log, dict):
            context.problem(path, "must be an object")
            continue
        check_known_fields(context, path, log, {"timestamp", "trace_id", "span_id", "level", "body",
                                                "severity_number", "attributes"})
        check_time(context, f"{path}.timestamp", log.get("timestamp"), number_only=True)
        check_hex_id(context, f"{path}.trace_id", log.get("trace_id"), HEX32, "trace id")
        check_hex_id(context, f"{path}.span_id", log.get("span_id"), HEX16, "span id", required=False)
        level = log.get("level")
        if level not in LOG_LEVELS:
            context.problem(f"{path}.level", f"{level!r} is not one of {list(LOG_LEVELS)}")
        check_string(context, f"{path}.body", log.get("body"), required=True, non_empty=False)
        number = log.get("severity_number")
        if number is not None:
            if not is_int(number) or not 1 <= number <= 24:
                context.problem(f"{path}.severity_number", f"{number!r} is not an OTel severity number 1…24")
            elif level in LOG_LEVELS and not LOG_LEVELS[level] <= number < LOG_LEVELS[level] + 4:
                context.problem(f"{path}.severity_number", f"{number} is outside {level}'s range")
        check_attributes(context, f"{path}.attributes", log.get("attributes"))
        size = len(json.dumps(log))
        if size > MIB:
            context.problem(path, f"{size} bytes, more than Relay's 1 MiB per log")


def check_trace_metric(context, payload):
    """protocol.md §10.2."""
    for index, metric in enumerate(check_container(context, payload)):
        path = f"items.{index}"
        if not isinstance(metric, dict):
            context.problem(path, "must be an object")
            continue
        check_known_fields(context, path, metric, {"timestamp", "trace_id", "span_id", "name", "type", "value",
                                                   "unit", "attributes"})
        check_time(context, f"{path}.timestamp", metric.get("timestamp"), number_only=True)
        check_hex_id(context, f"{path}.trace_id", metric.get("trace_id"), HEX32, "trace id")
        check_hex_id(context, f"{path}.span_id", metric.get("span_id"), HEX16, "span id", required=False)
        check_string(context, f"{path}.name", metric.get("name"), required=True)
        if metric.get("type") not in ("counter", "gauge", "distribution"):
            context.problem(f"{path}.type", f"{metric.get('type')!r} is not counter, gauge or distribution")
        if not is_number(metric.get("value")):
            context.problem(f"{path}.value", f"required number, got {metric.get('value')!r}")
        check_string(context, f"{path}.unit", metric.get("unit"))
        check_attributes(context, f"{path}.attributes", metric.get("attributes"))
        size = len(json.dumps(metric, separators=(",", ":")))
        if size > 2 * 1024:
            context.problem(path, f"{size} bytes serialized, more than Relay's 2 KiB per metric (Relay drops it)")


def check_span(context, payload):
    """Span v2 container (protocol.md §7.4)."""
    entries = check_container(context, payload)
    if len({entry.get("trace_id") for entry in entries if isinstance(entry, dict)}) > 1:
        context.problem("items", "spans of several traces in one span container")
    for index, span in enumerate(entries):
        path = f"items.{index}"
        if not isinstance(span, dict):
            context.problem(path, "must be an object")
            continue
        check_known_fields(context, path, span, {"trace_id", "span_id", "parent_span_id", "name", "status",
                                                 "is_segment", "start_timestamp", "end_timestamp", "attributes",
                                                 "links"})
        check_hex_id(context, f"{path}.trace_id", span.get("trace_id"), HEX32, "trace id")
        check_hex_id(context, f"{path}.span_id", span.get("span_id"), HEX16, "span id")
        check_hex_id(context, f"{path}.parent_span_id", span.get("parent_span_id"), HEX16, "span id", required=False)
        check_string(context, f"{path}.name", span.get("name"), required=True)
        if span.get("status") not in ("ok", "error"):
            context.problem(f"{path}.status", f"{span.get('status')!r}: span v2 status is ok or error")
        if not isinstance(span.get("is_segment"), bool):
            context.problem(f"{path}.is_segment", "required boolean is missing")
        start = check_time(context, f"{path}.start_timestamp", span.get("start_timestamp"), number_only=True)
        end = check_time(context, f"{path}.end_timestamp", span.get("end_timestamp"), number_only=True)
        if start is not None and end is not None and end < start:
            context.problem(f"{path}.end_timestamp", "is before start_timestamp")
        check_attributes(context, f"{path}.attributes", span.get("attributes"))
        for link_index, link in enumerate(span.get("links") or []):
            where = f"{path}.links.{link_index}"
            check_hex_id(context, f"{where}.trace_id", (link or {}).get("trace_id"), HEX32, "trace id")
            check_hex_id(context, f"{where}.span_id", (link or {}).get("span_id"), HEX16, "span id")
            check_attributes(context, f"{where}.attributes", (link or {}).get("attributes"))


CHECK_IN_STATUSES = {"in_progress", "ok", "error"}
INTERVAL_UNITS = {"year", "month", "week", "day", "hour", "minute"}


def check_check_in(context, payload):
    """protocol.md §11."""
    check_in = payload_json(context, payload)
    if check_in is None:
        return
    check_known_fields(context, "", check_in, {"check_in_id", "monitor_slug", "status", "duration", "release",
                                               "environment", "contexts", "monitor_config"})
    check_hex_id(context, "check_in_id", check_in.get("check_in_id"), UUID, "check-in id (UUID)")
    check_string(context, "monitor_slug", check_in.get("monitor_slug"), required=True)
    if check_in.get("status") not in CHECK_IN_STATUSES:
        context.problem("status", f"{check_in.get('status')!r} is not one of {sorted(CHECK_IN_STATUSES)}")
    duration = check_in.get("duration")
    if duration is not None and (not is_number(duration) or duration < 0):
        context.problem("duration", f"must be non-negative seconds or null, got {duration!r}")
    check_string(context, "release", check_in.get("release"), max_chars=200)
    check_string(context, "environment", check_in.get("environment"), max_chars=64)
    contexts = check_in.get("contexts")
    if contexts is not None:
        if not isinstance(contexts, dict):
            context.problem("contexts", "must be an object")
        else:
            for key in contexts:
                if key != "trace":
                    context.problem(f"contexts.{key}", "check-ins use only the trace context")
            trace = contexts.get("trace")
            if isinstance(trace, dict):
                check_hex_id(context, "contexts.trace.trace_id", trace.get("trace_id"), HEX32, "trace id")
                check_hex_id(context, "contexts.trace.span_id", trace.get("span_id"), HEX16, "span id", required=False)
    config = check_in.get("monitor_config")
    if config is not None:
        if not isinstance(config, dict):
            context.problem("monitor_config", "must be an object")
            return
        check_known_fields(context, "monitor_config", config, {"schedule", "checkin_margin", "max_runtime",
                                                               "failure_issue_threshold", "recovery_threshold",
                                                               "timezone", "owner"})
        schedule = config.get("schedule")
        if not isinstance(schedule, dict):
            context.problem("monitor_config.schedule", "required object is missing")
        elif schedule.get("type") == "crontab":
            if not isinstance(schedule.get("value"), str) or len(schedule["value"].split()) != 5:
                context.problem("monitor_config.schedule.value", f"{schedule.get('value')!r} is not a 5-field crontab")
        elif schedule.get("type") == "interval":
            check_count(context, "monitor_config.schedule.value", schedule.get("value"), required=True, minimum=1)
            if schedule.get("unit") not in INTERVAL_UNITS:
                context.problem("monitor_config.schedule.unit", f"{schedule.get('unit')!r} is not one of {sorted(INTERVAL_UNITS)}")
        else:
            context.problem("monitor_config.schedule.type", f"{schedule.get('type')!r} is not crontab or interval")
        for key in ("checkin_margin", "max_runtime", "failure_issue_threshold", "recovery_threshold"):
            check_count(context, f"monitor_config.{key}", config.get(key), minimum=1)
        check_string(context, "monitor_config.timezone", config.get("timezone"))
        owner = config.get("owner")
        if owner is not None and not (isinstance(owner, str) and re.match(r"^(user|team):\S+$", owner)):
            context.problem("monitor_config.owner", f"{owner!r} is not user:<email> or team:<slug>")


DISCARD_REASONS = {"queue_overflow", "cache_overflow", "ratelimit_backoff", "network_error", "sample_rate",
                   "before_send", "event_processor", "send_error", "internal_sdk_error", "insufficient_data",
                   "backpressure", "buffer_overflow", "ignored", "invalid"}


def check_client_report(context, payload):
    """protocol.md §5; categories checked with Relay's DataCategory.parse."""
    report = payload_json(context, payload)
    if report is None:
        return
    for reserved in ("rate_limited_events", "filtered_events", "filtered_sampling_events"):
        if reserved in report:
            context.problem(reserved, "reserved for Relays; SDKs MUST NOT emit it")
    check_known_fields(context, "", report, {"timestamp", "discarded_events", "rate_limited_events",
                                             "filtered_events", "filtered_sampling_events"})
    check_time(context, "timestamp", report.get("timestamp"), required=False)
    discarded = report.get("discarded_events")
    if not isinstance(discarded, list) or not discarded:
        context.problem("discarded_events", "required non-empty list is missing")
        return
    seen = set()
    for index, entry in enumerate(discarded):
        path = f"discarded_events.{index}"
        if not isinstance(entry, dict):
            context.problem(path, "must be an object")
            continue
        check_known_fields(context, path, entry, {"reason", "category", "quantity"})
        if entry.get("reason") not in DISCARD_REASONS:
            context.problem(f"{path}.reason", f"{entry.get('reason')!r} is not a client-report reason")
        category = entry.get("category")
        context.checked_by.add("relay")
        # `internal` (client reports themselves) has no rate-limit category, so Relay's parse knows it not.
        if not isinstance(category, str) or (category != "internal" and DataCategory.parse(category) is None):
            context.problem(f"{path}.category", f"{category!r} is not a data category Relay knows", "relay")
        check_count(context, f"{path}.quantity", entry.get("quantity"), required=True, minimum=1)
        key = (entry.get("reason"), category)
        if key in seen:
            context.problem(path, f"second entry for {key}: one entry per (reason, category), quantities summed")
        seen.add(key)


def check_attachment(context, payload):
    """protocol.md §2.5."""
    filename = context.headers.get("filename")
    if not isinstance(filename, str) or not filename:
        context.problem("(item header) filename", "required for attachments", "envelope")
    elif "/" in filename or "\\" in filename:
        context.problem("(item header) filename", f"{filename!r} has a path component", "envelope")
    attachment_type = context.headers.get("attachment_type", "event.attachment")
    if attachment_type not in ATTACHMENT_TYPES:
        context.problem("(item header) attachment_type", f"{attachment_type!r} is not one of {sorted(ATTACHMENT_TYPES)}", "envelope")
    check_string(context, "(item header) content_type", context.headers.get("content_type"))
    if context.headers.get("length") is None:
        context.problem("(item header) length", "attachments are binary: they need a length", "envelope")
    if attachment_type == "event.minidump" and not payload.startswith(b"MDMP"):
        context.problem("", "a minidump starts with MDMP")
    if attachment_type == "event.view_hierarchy":
        try:
            json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            context.problem("", "a view hierarchy is JSON")


def check_profile(context, payload):
    """Transaction profile, sample format v1 (protocol.md §8.1)."""
    profile = payload_json(context, payload)
    if profile is None:
        return
    if profile.get("version") != "1":
        context.problem("version", f"{profile.get('version')!r}, expected \"1\"")
    check_platform(context, "platform", profile.get("platform"))
    check_hex_id(context, "event_id", profile.get("event_id"), HEX32, "profile id")
    check_time(context, "timestamp", profile.get("timestamp"))
    check_string(context, "release", profile.get("release"), required=True)
    check_string(context, "device.architecture", (profile.get("device") or {}).get("architecture"), required=True)
    check_string(context, "os.name", (profile.get("os") or {}).get("name"), required=True)
    check_string(context, "os.version", (profile.get("os") or {}).get("version"), required=True)
    transaction = profile.get("transaction") or (profile.get("transactions") or [None])[0]
    if not isinstance(transaction, dict):
        context.problem("transaction", "required object is missing")
    else:
        check_hex_id(context, "transaction.id", transaction.get("id"), HEX32, "event id")
        check_string(context, "transaction.name", transaction.get("name"), required=True)
        check_hex_id(context, "transaction.trace_id", transaction.get("trace_id"), HEX32, "trace id")
        if transaction.get("active_thread_id") is None:
            context.problem("transaction.active_thread_id", "required field is missing")
    samples = check_sampled_profile(context, profile.get("profile"))
    elapsed = []
    for index, sample in enumerate(samples):
        value = sample.get("elapsed_since_start_ns")
        if isinstance(value, str) and value.isdigit():
            elapsed.append(int(value))
        elif is_int(value) and value >= 0:
            elapsed.append(value)
        else:
            context.problem(f"profile.samples.{index}.elapsed_since_start_ns", f"{value!r} is not unsigned ns (a numeric string)")
    if len(samples) < 2:
        context.problem("profile.samples", f"{len(samples)} sample(s): Relay rejects fewer than 2")
    if elapsed and max(elapsed) > 30 * 10**9:
        context.problem("profile.samples", "lasts more than Relay's 30 s")


def check_profile_chunk(context, payload):
    """Continuous-profiling chunk, sample format v2 (protocol.md §8.2)."""
    chunk = payload_json(context, payload)
    if chunk is None:
        return
    if chunk.get("version") != "2":
        context.problem("version", f"{chunk.get('version')!r}, expected \"2\"")
    if context.headers.get("platform") != chunk.get("platform"):
        context.problem("(item header) platform", f"{context.headers.get('platform')!r} differs from the payload's {chunk.get('platform')!r}", "envelope")
    check_platform(context, "platform", chunk.get("platform"))
    check_hex_id(context, "profiler_id", chunk.get("profiler_id"), HEX32, "profiler id")
    check_hex_id(context, "chunk_id", chunk.get("chunk_id"), HEX32, "chunk id")
    check_string(context, "release", chunk.get("release"), required=True)
    stamps = []
    for index, sample in enumerate(check_sampled_profile(context, chunk.get("profile"))):
        stamp = check_time(context, f"profile.samples.{index}.timestamp", sample.get("timestamp"), number_only=True)
        if stamp is not None:
            stamps.append(stamp)
    if stamps and max(stamps) - min(stamps) > 66:
        context.problem("profile.samples", "the chunk lasts more than Relay's 66 s")


def check_sampled_profile(context, profile):
    """The `profile` object both sample formats share; returns the samples (dicts)."""
    if not isinstance(profile, dict):
        context.problem("profile", "required object is missing")
        return []
    frames, stacks, samples = profile.get("frames"), profile.get("stacks"), profile.get("samples")
    for key, value in (("frames", frames), ("stacks", stacks), ("samples", samples)):
        if not isinstance(value, list) or not value:
            context.problem(f"profile.{key}", "required non-empty list is missing")
    frames = frames if isinstance(frames, list) else []
    stacks = stacks if isinstance(stacks, list) else []
    threads = profile.get("thread_metadata") or {}
    for index, stack in enumerate(stacks):
        if not isinstance(stack, list) or any(not is_int(i) or not 0 <= i < len(frames) for i in stack):
            context.problem(f"profile.stacks.{index}", "has a frame index out of range")
    for index, frame in enumerate(frames):
        if not isinstance(frame, dict) or not any(k in frame for k in ("function", "filename", "instruction_addr")):
            context.problem(f"profile.frames.{index}", "needs function, filename or instruction_addr")
    result = []
    for index, sample in enumerate(samples if isinstance(samples, list) else []):
        if not isinstance(sample, dict):
            context.problem(f"profile.samples.{index}", "must be an object")
            continue
        stack_id = sample.get("stack_id")
        if not is_int(stack_id) or not 0 <= stack_id < len(stacks):
            context.problem(f"profile.samples.{index}.stack_id", f"{stack_id!r} is out of range")
        thread = sample.get("thread_id")
        if not (isinstance(thread, str) and thread.isdigit()):
            context.problem(f"profile.samples.{index}.thread_id", f"{thread!r} is not a numeric string")
        elif threads and thread not in threads:
            context.problem(f"profile.samples.{index}.thread_id", f"{thread!r} has no thread_metadata entry")
        result.append(sample)
    return result


ITEM_CHECKS = {
    "event": check_event,
    "transaction": check_transaction,
    "feedback": check_feedback,
    "session": check_session,
    "sessions": check_sessions,
    "log": check_log,
    "trace_metric": check_trace_metric,
    "span": check_span,
    "check_in": check_check_in,
    "client_report": check_client_report,
    "attachment": check_attachment,
    "profile": check_profile,
    "profile_chunk": check_profile_chunk,
}
NEVER_EMIT = {"statsd", "metric_meta", "security", "unreal_report", "form_data"}


# ---------------------------------------------------------------------------------------------
# Envelopes

@dataclass
class Report:
    problems: list = field(default_factory=list)
    items: list = field(default_factory=list)    # (where, type, checked_by)
    notes: list = field(default_factory=list)


def check_envelope_bytes(name, data, report):
    if data[:2] == b"\x1f\x8b":
        report.notes.append(f"{name}: gzip-compressed at rest; checked after gunzip")
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            report.problems.append(Problem(name, "", f"corrupt gzip: {error}", "envelope"))
            return
    if len(data) > MAX_ENVELOPE:
        report.problems.append(Problem(name, "", f"{len(data)} bytes, more than Relay's 200 MiB", "envelope"))
    try:
        headers, items = parse_envelope(data)
    except EnvelopeError as error:
        report.problems.append(Problem(name, "", f"bad envelope framing: {error}", "envelope"))
        return

    def envelope_problem(path, message):
        report.problems.append(Problem(name, path, message, "envelope"))

    for key in headers:
        if key not in ENVELOPE_HEADERS:
            envelope_problem(f"(envelope header) {key}", "undocumented envelope header")
    if "sent_at" in headers and (not isinstance(headers["sent_at"], str) or not RFC3339.match(headers["sent_at"])):
        envelope_problem("(envelope header) sent_at", f"{headers['sent_at']!r} is not an RFC 3339 string")
    if "event_id" in headers and (not isinstance(headers["event_id"], str) or not HEX32.match(headers["event_id"])):
        envelope_problem("(envelope header) event_id", f"{headers['event_id']!r} is not 32 lowercase hex")
    trace = headers.get("trace")
    if trace is not None:
        if not isinstance(trace, dict):
            envelope_problem("(envelope header) trace", "must be an object")
        else:
            if not isinstance(trace.get("trace_id"), str) or not HEX32.match(trace["trace_id"]):
                envelope_problem("(envelope header) trace.trace_id", f"{trace.get('trace_id')!r} is not a trace id")
            check_public_key = trace.get("public_key")
            if not isinstance(check_public_key, str) or not check_public_key:
                envelope_problem("(envelope header) trace.public_key", "required in the dynamic sampling context")
    if not items:
        report.notes.append(f"{name}: empty envelope (Relay discards it)")
    types = [item_headers.get("type") for item_headers, _ in items]
    if sum(t in EVENT_CLASS for t in types) > 1:
        envelope_problem("", f"more than one event-class item ({types})")
    if "transaction" in types and ("event" in types or "feedback" in types):
        envelope_problem("", "a transaction shares its envelope with an event or feedback")
    for kind in ONE_PER_ENVELOPE:
        if types.count(kind) > 1:
            envelope_problem("", f"{types.count(kind)} {kind} items; at most one per envelope")
    if sum(1 for t in types if t == "session") > 100:
        envelope_problem("", "more than 100 sessions in one envelope")
    needs_id = [t for t in types if t in EVENT_CLASS or t == "attachment"]
    if needs_id and "event_id" not in headers:
        envelope_problem("(envelope header) event_id", f"required when the envelope carries {needs_id[0]}")
    if "attachment" in types and not any(t in EVENT_CLASS for t in types):
        envelope_problem("", "attachments without their event in the same envelope")

    for index, (item_headers, payload) in enumerate(items):
        item_type = item_headers.get("type")
        where = f"{name}#{index} {item_type}"
        context = Context(where, item_type, item_headers, headers, report.problems)
        for key in item_headers:
            if key not in ITEM_HEADERS:
                context.problem(f"(item header) {key}", "undocumented item header", "envelope")
        if not isinstance(item_type, str) or not item_type:
            context.problem("(item header) type", "required", "envelope")
            continue
        limit = ITEM_LIMITS.get(item_type) or (CONTAINERS.get(item_type) or (None, None, None))[2]
        count = item_headers.get("item_count") if item_type in CONTAINERS else None
        per_entry = len(payload) / count if is_int(count) and count > 0 else len(payload)
        if limit is not None and per_entry > limit:
            context.problem("", f"{len(payload)} bytes, more than Relay's {limit} per item", "envelope")
        if item_type in NEVER_EMIT:
            context.problem("", f"{item_type} items must never be emitted (protocol.md §2.4)", "envelope")
            continue
        check = ITEM_CHECKS.get(item_type)
        if check is None:
            context.problem("", f"no check for item type {item_type!r}: add one to ITEM_CHECKS in Scripts/relay_check.py", "envelope")
            continue
        check(context, payload)
        report.items.append((where, item_type, "+".join(sorted(context.checked_by | {"protocol"}))))


def envelope_files(paths):
    """Yields files: each path itself, or a directory's `*.envelope` files (not `.partial`), sorted."""
    for path in paths:
        if os.path.isdir(path):
            for entry in sorted(os.listdir(path)):
                if entry.endswith(".envelope") and not entry.startswith("."):
                    yield os.path.join(path, entry)
        else:
            yield path


def check_paths(paths):
    report = Report()
    for path in envelope_files(paths):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            report.problems.append(Problem(path, "", f"cannot read: {error}", "envelope"))
            continue
        check_envelope_bytes(path, data, report)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="envelope files or directories of *.envelope files")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    arguments = parser.parse_args(argv)
    venv_python = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".build-venv", "bin", "python3")
    if RELAY_IMPORT_ERROR is not None and os.access(venv_python, os.X_OK) \
            and os.path.realpath(sys.prefix) != os.path.realpath(os.path.dirname(os.path.dirname(venv_python))):
        # Run by a python3 without sentry_relay: hand over to the one Scripts/bootstrap.sh installed it into.
        os.execv(venv_python, [venv_python, os.path.abspath(__file__), *(sys.argv[1:] if argv is None else argv)])
    if RELAY_IMPORT_ERROR is not None:
        print(f"relay_check: sentry_relay is not importable with {sys.executable} ({RELAY_IMPORT_ERROR}); "
              "run Scripts/bootstrap.sh (it installs PyPI sentry-relay into .build-venv)", file=sys.stderr)
        return 2
    report = check_paths(arguments.paths)
    if not report.items and not report.problems:
        print("relay_check: no envelope found in " + ", ".join(arguments.paths), file=sys.stderr)
        return 1
    for note in report.notes:
        print("note: " + note)
    if not arguments.quiet:
        for where, _, checked_by in report.items:
            print(f"checked {where} ({checked_by})")
    for problem in report.problems:
        print("PROBLEM " + str(problem))
    types = sorted({item_type for _, item_type, _ in report.items})
    print(f"relay_check: {len(report.items)} item(s) of type(s) {', '.join(types) or '-'}; "
          f"{len(report.problems)} problem(s)")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
