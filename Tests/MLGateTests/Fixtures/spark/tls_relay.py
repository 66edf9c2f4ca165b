#!/usr/bin/env python3
"""A TLS-terminating relay for mlgate's Spark Connect TLS tests (Tests/MLGateTests/Support/SparkTLSRelay.swift).

Makes a throwaway CA and a server certificate for DNS:localhost with the openssl CLI in
FOLDER (ca.crt, server.crt, server.key), listens on 127.0.0.1 with TLS (ALPN h2 unless
--alpn none / another protocol), and relays each connection's decrypted bytes to the
plain Spark Connect server at UPSTREAM (host:port). Prints "ready PORT" once listening.
For each connection it appends one JSON line to FOLDER/connections.jsonl: the ALPN
protocol selected (or the handshake's error), and whether MARKER (if given) appeared in the client's
decrypted bytes (mlgate writes header fields as HPACK literals, so the bearer token's
bytes are there as sent).
"""
import argparse
import json
import os
import socket
import ssl
import subprocess
import sys
import threading


def make_certificates(folder):
    def run(*arguments):
        subprocess.run(["openssl", *arguments], check=True, capture_output=True)

    ca_key, ca_crt = os.path.join(folder, "ca.key"), os.path.join(folder, "ca.crt")
    key, csr, crt = (os.path.join(folder, name) for name in ("server.key", "server.csr", "server.crt"))
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-days", "2", "-subj", "/CN=mlgate test CA", "-keyout", ca_key, "-out", ca_crt,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-new", *ec, "-subj", "/CN=localhost", "-keyout", key, "-out", csr)
    extensions = os.path.join(folder, "server.ext")
    with open(extensions, "w") as file:
        file.write("subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
        "-out", crt, "-extfile", extensions)
    return crt, key


def pump(source, target, seen=None, marker=b""):
    tail = b""
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            if marker and seen is not None and not seen[0]:
                window = tail + data
                if marker in window:
                    seen[0] = True
                tail = window[-len(marker):]
            target.sendall(data)
    except OSError:
        pass
    finally:
        for end in (target, source):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, address, context, upstream, log, marker, lock):
    record = {"alpn": None, "marker_seen": False, "error": None}
    try:
        tls = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError) as error:
        record["error"] = str(error)
        with lock, open(log, "a") as file:
            file.write(json.dumps(record) + "\n")
        client.close()
        return
    record["alpn"] = tls.selected_alpn_protocol()
    host, port = upstream.rsplit(":", 1)
    server = socket.create_connection((host, int(port)))
    seen = [False]
    back = threading.Thread(target=pump, args=(server, tls), daemon=True)
    back.start()
    pump(tls, server, seen, marker)
    back.join()
    record["marker_seen"] = seen[0]
    with lock, open(log, "a") as file:
        file.write(json.dumps(record) + "\n")
    tls.close()
    server.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("upstream")
    parser.add_argument("--alpn", default="h2")
    parser.add_argument("--marker", default="")
    options = parser.parse_args()
    certificate, key = make_certificates(options.folder)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    if options.alpn != "none":
        context.set_alpn_protocols([options.alpn])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    log = os.path.join(options.folder, "connections.jsonl")
    lock = threading.Lock()
    print(f"ready {listener.getsockname()[1]}", flush=True)
    marker = options.marker.encode()
    while True:
        client, address = listener.accept()
        threading.Thread(
            target=serve, args=(client, address, context, options.upstream, log, marker, lock), daemon=True
        ).start()


if __name__ == "__main__":
    sys.exit(main())
