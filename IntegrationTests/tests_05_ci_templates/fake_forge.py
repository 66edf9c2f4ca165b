"""A stand-in for GitHub's and GitLab's comment APIs, on 127.0.0.1 and a free port, for
run_steps.py's comment scenario: the templates' `mlgate comment` steps post to it.

It answers exactly the calls `mlgate comment` makes (Sources/MLGate/Publish/):
  GitHub  GET   /repos/{owner}/{repo}/issues/{number}/comments   (list)
          POST  /repos/{owner}/{repo}/issues/{number}/comments   (create)
          PATCH /repos/{owner}/{repo}/issues/comments/{id}       (update)
  GitLab  GET   /api/v4/projects/{id}/merge_requests/{iid}/notes (list)
          POST  /api/v4/projects/{id}/merge_requests/{iid}/notes (create)
          PUT   /api/v4/projects/{id}/merge_requests/{iid}/notes/{note_id} (update)
and keeps every request (method, path, the token header, the JSON body). A token other
than the expected one gets 401; `fail` set to a status makes every write answer with it.
The requests' shapes against the published OpenAPI descriptions are `mlgate comment`'s
own tests (Tests/MLGateTests/Publish); this server checks what the templates pass on.
"""
import json
import re
import threading

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GITHUB_LIST = re.compile(r"^/repos/([^/]+)/([^/]+)/issues/(\d+)/comments$")
GITHUB_ONE = re.compile(r"^/repos/([^/]+)/([^/]+)/issues/comments/(\d+)$")
GITLAB_LIST = re.compile(r"^/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes$")
GITLAB_ONE = re.compile(r"^/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes/(\d+)$")


class FakeForge:
    def __init__(self, github_token, gitlab_token):
        self.github_token, self.gitlab_token = github_token, gitlab_token
        self.requests = []          # (method, path, token, body or None)
        self.threads = {}           # ("github"|"gitlab", project, number) -> [{"id", "body"}]
        self.fail = None
        self.next_id = 1000
        self.lock = threading.Lock()
        forge = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                forge.handle(self, "GET")

            def do_POST(self):
                forge.handle(self, "POST")

            def do_PATCH(self):
                forge.handle(self, "PATCH")

            def do_PUT(self):
                forge.handle(self, "PUT")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def github_api(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def gitlab_api(self):
        return f"http://127.0.0.1:{self.port}/api/v4"

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def handle(self, request, method):
        path = request.path.split("?", 1)[0]
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        if path.startswith("/api/v4/"):
            kind, token, expected = "gitlab", request.headers.get("PRIVATE-TOKEN"), self.gitlab_token
        else:
            auth = request.headers.get("Authorization") or ""
            kind, token, expected = "github", auth.removeprefix("Bearer "), self.github_token
        with self.lock:
            self.requests.append((method, path, token, body))
            status, answer = self.answer(kind, method, path, token, expected, body)
        data = json.dumps(answer).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def answer(self, kind, method, path, token, expected, body):
        if token != expected:
            return 401, {"message": "Bad credentials"}
        if method != "GET" and self.fail:
            return self.fail, {"message": f"refused with {self.fail} by the fake forge"}
        if kind == "github":
            one, many = GITHUB_ONE.match(path), GITHUB_LIST.match(path)
            key = lambda m: ("github", f"{m.group(1)}/{m.group(2)}")
            update = "PATCH"
        else:
            one, many = GITLAB_ONE.match(path), GITLAB_LIST.match(path)
            key = lambda m: ("gitlab", m.group(1))
            update = "PUT"
        if many and method == "GET":
            return 200, self.threads.get(key(many) + (many.groups()[-1],), [])
        if many and method == "POST" and isinstance(body, dict) and isinstance(body.get("body"), str):
            self.next_id += 1
            comment = {"id": self.next_id, "body": body["body"]}
            self.threads.setdefault(key(many) + (many.groups()[-1],), []).append(comment)
            return 201, comment
        if one and method == update and isinstance(body, dict) and isinstance(body.get("body"), str):
            for (k, project, _), comments in self.threads.items():
                for comment in comments:
                    if k == kind and comment["id"] == int(one.groups()[-1]):
                        comment["body"] = body["body"]
                        return 200, comment
            return 404, {"message": "Not Found"}
        return 404, {"message": f"the fake forge does not answer {method} {path}"}

    def writes(self):
        return [(m, p) for m, p, _, _ in self.requests if m != "GET"]
