"""The Actions part of the fake Management API: what pulumi-resource-auth0 calls for an
`auth0.Action` (deployed) and an `auth0.TriggerAction`.

Shapes and order from auth0/terraform-provider-auth0 v1.57.0's recordings
(test/data/recordings/TestAccTriggerAction.yaml, TestAccAction.yaml) and the provider's
internal/auth0/action code:

- `POST /api/v2/actions/actions` creates (201); the provider then reads
  `GET /api/v2/actions/actions/{id}` until `status` is `built` (this fake builds at once),
  `POST …/{id}/deploy` (200, a version), and reads again until `deployed_version.deployed`.
- `PATCH …/{id}` updates (and the provider deploys again); `DELETE …/{id}` is 204.
- `GET /api/v2/actions/triggers/{trigger}/bindings` lists bindings (`page`, `per_page`,
  `total`); `PATCH` of the same path REPLACES the whole list with
  `{"bindings": [{"ref": {"type": "action_id", "value": ID}, "display_name": …}]}`:
  a single `auth0.TriggerAction` reads the list and writes it back with its own added,
  which is why the tests check the other bindings survive.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

NOT_FOUND = {"statusCode": 404, "error": "Not Found", "message": "The action does not exist."}
STAMP = "2026-12-04T10:00:00.000Z"


class FakeActions:
    """Actions and trigger bindings, held in memory; every method is called under the
    fake's lock."""

    def __init__(self) -> None:
        self.actions: dict[str, dict[str, Any]] = {}
        self.bindings: dict[str, list[dict[str, Any]]] = {}
        self._ids = itertools.count(1)

    # What tests set up and read -----------------------------------------------------------
    def add(self, name: str, code: str, *, bound_to: str | None = None) -> str:
        """An Action the team made by hand (deployed), optionally bound to a trigger."""
        action_id = self._new_action({"name": name, "code": code, "runtime": "node22"})
        self.deploy(action_id)
        if bound_to:
            self.bindings.setdefault(bound_to, []).append(self._binding(bound_to, action_id, name))
        return action_id

    def bound(self, trigger: str) -> list[tuple[str, str]]:
        """(action name, display name) of each binding, in order."""
        return [(b["action"]["name"], b["display_name"]) for b in self.bindings.get(trigger, [])]

    # The API ------------------------------------------------------------------------------
    def serve(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        parts = path.removeprefix("/api/v2/actions/").strip("/").split("/")
        if parts[0] == "actions":
            return self._actions(method, parts[1:], body)
        if parts[0] == "triggers" and len(parts) == 3 and parts[2] == "bindings":
            return self._bindings(method, parts[1], query, body)
        return 404, {"statusCode": 404, "error": "Not Found", "message": "Not Found"}

    def _actions(self, method: str, rest: list[str], body: Any) -> tuple[int, Any]:
        if not rest and method == "GET":  # `audit`'s list (all on one page)
            found = [copy.deepcopy(a) for a in self.actions.values()]
            return 200, {"actions": found, "total": len(found), "page": 0, "per_page": 100}
        if not rest and method == "POST" and isinstance(body, dict):
            action_id = self._new_action(body)
            return 201, copy.deepcopy(self.actions[action_id])
        action = self.actions.get(rest[0]) if rest else None
        if action is None:
            return 404, NOT_FOUND
        if len(rest) == 1 and method == "GET":
            return 200, copy.deepcopy(action)
        if len(rest) == 1 and method == "PATCH" and isinstance(body, dict):
            action.update({k: v for k, v in body.items() if k != "secrets"})
            action.update(updated_at=STAMP, all_changes_deployed=False, status="built")
            return 200, copy.deepcopy(action)
        if len(rest) == 1 and method == "DELETE":
            del self.actions[rest[0]]
            return 204, None
        if rest[1:] == ["deploy"] and method == "POST":
            return 200, self.deploy(rest[0])
        return 404, NOT_FOUND

    def _new_action(self, body: dict[str, Any]) -> str:
        action_id = f"00000000-0000-4000-8000-{next(self._ids):012d}"
        self.actions[action_id] = {
            "id": action_id,
            "name": body.get("name", ""),
            "supported_triggers": body.get("supported_triggers")
            or [{"id": "post-login", "version": "v3"}],
            "code": body.get("code", ""),
            "dependencies": body.get("dependencies") or [],
            "runtime": body.get("runtime") or "node22",
            "secrets": [],
            "status": "built",  # the real API builds in a few seconds: "pending" first
            "all_changes_deployed": False,
            "created_at": STAMP,
            "updated_at": STAMP,
        }
        return action_id

    def deploy(self, action_id: str) -> dict[str, Any]:
        action = self.actions[action_id]
        number = action.get("deployed_version", {}).get("number", 0) + 1
        version = {
            "id": f"10000000-0000-4000-8000-{next(self._ids):012d}",
            "code": action["code"],
            "dependencies": action["dependencies"],
            "deployed": True,
            "number": number,
            "secrets": [],
            "status": "built",
            "runtime": action["runtime"],
            "supported_triggers": action["supported_triggers"],
            "created_at": STAMP,
            "updated_at": STAMP,
        }
        action.update(deployed_version=version, all_changes_deployed=True)
        return {**version, "deployed": False}  # as the recording: deployed a moment later

    def _binding(self, trigger: str, action_id: str, display_name: str) -> dict[str, Any]:
        action = {k: v for k, v in self.actions[action_id].items() if k != "secrets"}
        return {
            "id": f"20000000-0000-4000-8000-{next(self._ids):012d}",
            "trigger_id": trigger,
            "action": action,
            "display_name": display_name,
            "created_at": STAMP,
            "updated_at": STAMP,
        }

    def _bindings(
        self, method: str, trigger: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        if method == "GET":
            listed = self.bindings.get(trigger, [])
            per_page = int((query.get("per_page") or ["50"])[0])
            page = int((query.get("page") or ["0"])[0])
            chunk = listed[page * per_page : (page + 1) * per_page]
            # As recorded: `total` only beside bindings, `page` only past the first. go-auth0
            # pages while total > start + limit, so an empty page must carry no total.
            answer: dict[str, Any] = {"bindings": copy.deepcopy(chunk), "per_page": per_page}
            answer.update({"total": len(listed)} if chunk else {})
            answer.update({"page": page} if page else {})
            return 200, answer
        if method == "PATCH" and isinstance(body, dict) and isinstance(body.get("bindings"), list):
            replaced = []
            for item in body["bindings"]:
                ref = item.get("ref") or {}
                if ref.get("type") != "action_id" or ref.get("value") not in self.actions:
                    return 400, {"statusCode": 400, "error": "Bad Request", "message": "ref"}
                name = item.get("display_name") or self.actions[ref["value"]]["name"]
                replaced.append(self._binding(trigger, ref["value"], name))
            self.bindings[trigger] = replaced
            return 200, {"bindings": copy.deepcopy(replaced)}
        return 404, {"statusCode": 404, "error": "Not Found", "message": "Not Found"}
