// A pino log for benchmarks/pretty.py: N lines written by the real pino, 10 ms apart.
//
// node benchmarks/make_pino.js N FILE, with pino where node finds it (NODE_PATH).
"use strict";
let now = Date.UTC(2021, 6, 4, 7, 26, 26, 0);
Date.now = () => (now += 10);
const pino = require("pino");
const n = parseInt(process.argv[2], 10);
const dest = pino.destination({ dest: process.argv[3], sync: true, append: false });
const log = pino({ level: "trace", base: { pid: 4242, hostname: "api-7d9f" } }, dest);
const users = ["ana", "bob", "chen", "dana"];
for (let i = 0; i < n; i++) {
  switch (i % 4) {
    case 0:
      log.info({ user: users[i % 4], request_id: `f9a1c2${i}`, latency_ms: 12.5 }, "user logged in");
      break;
    case 1:
      log.debug({ path: "/srv/app", attempt: i }, "cache miss");
      break;
    case 2:
      log.warn({ ratio: 0.25, ok: true }, "disk nearly full");
      break;
    default:
      log.error({ code: 500, route: "/api/v1/items" }, "request failed");
  }
}
dest.flushSync();
