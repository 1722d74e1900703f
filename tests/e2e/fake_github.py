"""The GitHub REST API, as much of it as `.github/workflows/` calls, on 127.0.0.1.

What the workflows' github-script and download-artifact steps ask for (octokit's routes,
as actions/github-script v7 and actions/download-artifact v4 call them):

- `GET /repos/O/R/pulls`: the open pull requests (pr-comment.yml finds its pull request
  by the run's head commit);
- `GET /repos/O/R/actions/runs/N/artifacts`: the artifacts act's artifact server stored
  for run N (`<folder>/<N>/<name>/…`), and `GET /repos/O/R/actions/artifacts/ID/zip`:
  302 to a download of that artifact's zip, as GitHub answers;
- issue comments: `GET/POST /repos/O/R/issues/N/comments`, `PATCH
  /repos/O/R/issues/comments/ID`;
- issues: `GET/POST /repos/O/R/issues`, `PATCH /repos/O/R/issues/N`.

Listings answer in one page (no Link header), which octokit's paginate reads as the
last. Every request is recorded, every write kept: the tests assert on what reached
GitHub.
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BOT = {"login": "github-actions[bot]", "type": "Bot"}


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: Any


@dataclass
class FakeGitHub:
    owner: str
    repo: str
    artifacts: Path  # act's --artifact-server-path
    pulls: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # issue → comments
    issues: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: iter(range(1000, 10**9)))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> FakeGitHub:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def writes(self) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method != "GET"]

    # artifacts ------------------------------------------------------------------------
    def _artifact_dirs(self) -> dict[int, Path]:
        """Each stored artifact, by a stable id: run id × 1000 + its place in that run."""
        found = {}
        for run in sorted(p for p in self.artifacts.glob("*") if p.name.isdigit()):
            for index, folder in enumerate(sorted(p for p in run.iterdir() if p.is_dir())):
                found[int(run.name) * 1000 + index] = folder
        return found

    def _zip(self, folder: Path) -> bytes:
        """An artifact as GitHub serves it: one zip of its files. act keeps a v4 upload as
        the zip the action sent; anything else is zipped here."""
        zips = list(folder.glob("*.zip"))
        if len(zips) == 1 and len(list(folder.iterdir())) == 1:
            return zips[0].read_bytes()
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())
        return data.getvalue()

    # the API --------------------------------------------------------------------------
    def serve(self, method: str, path: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        prefix = f"/repos/{self.owner}/{self.repo}/"
        if not path.startswith(prefix):
            return 404, {"message": "Not Found"}, {}
        parts = path.removeprefix(prefix).strip("/").split("/")
        with self._lock:
            if parts == ["pulls"] and method == "GET":
                return 200, self.pulls, {}
            if parts[:2] == ["actions", "runs"] and parts[3:] == ["artifacts"]:
                run = int(parts[2])
                found = [
                    {
                        "id": artifact_id,
                        "name": folder.name,
                        "size_in_bytes": sum(f.stat().st_size for f in folder.rglob("*")),
                        "expired": False,
                        "archive_download_url": f"{self.url}{prefix}actions/artifacts/"
                        f"{artifact_id}/zip",
                        "workflow_run": {"id": run},
                    }
                    for artifact_id, folder in self._artifact_dirs().items()
                    if artifact_id // 1000 == run
                ]
                return 200, {"total_count": len(found), "artifacts": found}, {}
            if parts[:2] == ["actions", "artifacts"] and parts[3:] == ["zip"]:
                location = f"{self.url}/download/{parts[2]}"
                return 302, None, {"Location": location}
            if parts == ["issues"] and method == "GET":
                return 200, [i for i in self.issues if i["state"] == "open"], {}
            if parts == ["issues"] and method == "POST":
                number = next(self._ids)
                issue = {"number": number, "state": "open", "user": BOT, **body}
                self.issues.append(issue)
                return 201, issue, {}
            if parts[0] == "issues" and parts[1:2] == ["comments"] and method == "PATCH":
                for comment in (c for cs in self.comments.values() for c in cs):
                    if comment["id"] == int(parts[2]):
                        comment["body"] = body["body"]
                        return 200, comment, {}
                return 404, {"message": "Not Found"}, {}
            if parts[0] == "issues" and len(parts) == 2 and method == "PATCH":
                issue = next(i for i in self.issues if i["number"] == int(parts[1]))
                issue.update(body)
                return 200, issue, {}
            if parts[0] == "issues" and parts[2:] == ["comments"]:
                comments = self.comments.setdefault(int(parts[1]), [])
                if method == "GET":
                    return 200, comments, {}
                comment = {"id": next(self._ids), "user": BOT, "body": body["body"]}
                comments.append(comment)
                return 201, comment, {}
        return 404, {"message": "Not Found"}, {}


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PATCH(self) -> None:
            self._serve("PATCH")

        def _serve(self, method: str) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            with fake._lock:
                fake.calls.append(Call(method, url.path, body))
            if url.path.startswith("/download/"):
                folder = fake._artifact_dirs().get(int(url.path.rsplit("/", 1)[1]))
                if folder is None:
                    return self._send(404, b"", "text/plain")
                return self._send(200, fake._zip(folder), "application/zip")
            status, answer, headers = fake.serve(method, url.path, body)
            if answer is None:  # a redirect: no body, so octokit reads none
                return self._send(status, b"", "text/plain", headers)
            self._send(status, json.dumps(answer).encode(), "application/json", headers)

        def _send(
            self, status: int, payload: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

    return Handler
