#!/usr/bin/env python3
"""The smallest ingestion endpoint for Scripts/bench-frameworks.sh: keep-alive HTTP/1.1 on
127.0.0.1, reads each request's head and Content-Length body, answers `200 {}` and only counts
(nothing parsed, decompressed or stored), so the server under load pays the SDK's delivery and
not an inbox's processing. Prints its port on the first line; SIGTERM prints the count.

    python3 Scripts/bench_sink.py   # → 40213
"""
import signal
import socket
import sys
import threading

count = 0
lock = threading.Lock()
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


def serve(connection):
    global count
    buffer = b""
    with connection:
        while True:
            head_end = buffer.find(b"\r\n\r\n")
            while head_end < 0:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
                head_end = buffer.find(b"\r\n\r\n")
            head = buffer[:head_end].lower()
            length = 0
            at = head.find(b"content-length:")
            if at >= 0:
                length = int(head[at + 15:head.find(b"\r\n", at) if head.find(b"\r\n", at) >= 0 else None])
            end = head_end + 4 + length
            while len(buffer) < end:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            buffer = buffer[end:]
            connection.sendall(ANSWER)
            with lock:
                count += 1


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)

    def stop(*_):
        print(f"bench-sink: {count} requests answered", file=sys.stderr, flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    while True:
        connection, _ = listener.accept()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(connection,), daemon=True).start()


if __name__ == "__main__":
    main()
