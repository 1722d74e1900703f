// Runs the generated Post-Login Action on the scenarios given as JSON on standard input,
// with an `event` and an `api` shaped as Auth0 documents them (post-login event object:
// event.session.{id, created_at, expires_at, idle_expires_at}, event.organization.{id,
// name, metadata}, event.connection.{id, name, metadata}; api.session.setExpiresAt /
// setIdleExpiresAt taking milliseconds since the epoch). Prints one JSON line per
// scenario: the calls made, and the error thrown, if any.
"use strict";
const fs = require("fs");
const path = require("path");

const action = require(path.resolve(process.argv[2]));
const scenarios = JSON.parse(fs.readFileSync(0, "utf8"));
const NOW = Date.parse("2026-12-04T10:00:00Z");
Date.now = () => NOW; // a fixed clock: the expected dates are computed from it

(async () => {
  for (const scenario of scenarios) {
    const calls = [];
    const api = scenario.noApiSession ? {} : {
      session: {
        setExpiresAt: (at) => calls.push(["setExpiresAt", at]),
        setIdleExpiresAt: (at) => calls.push(["setIdleExpiresAt", at]),
      },
    };
    let error = null;
    try {
      await action.onExecutePostLogin(scenario.event, api);
    } catch (thrown) {
      error = String(thrown);
    }
    process.stdout.write(JSON.stringify({ calls, error, now: NOW }) + "\n");
  }
})();
