// Lines written by the real pino and bunyan, for the reader's tests (tests/test_dialects_node.py).
//
// Run: node tests/data/make_node_logs.js > tests/data/node-logs.jsonl, with pino and bunyan
// installed where node finds them (NODE_PATH; the test installs them with npm into a temp dir).
// The clock, pid and host are fixed and each error's stack is set, so a re-run writes the same bytes.
"use strict";
const NOW = Date.UTC(2021, 6, 4, 7, 26, 26, 123); // 2021-07-04T07:26:26.123Z
Date.now = () => NOW;
const RealDate = Date;
global.Date = class extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [NOW]));
  }
  static now() {
    return NOW;
  }
};
Object.defineProperty(process, "pid", { value: 4242 });
const pino = require("pino");
const bunyan = require("bunyan");

function error(message, type) {
  const err = new (type || Error)(message);
  err.stack = `${err.name}: ${message}\n    at handler (/srv/app/server.js:12:9)\n    at main (/srv/app/index.js:3:1)`;
  return err;
}

const out = (line) => process.stdout.write(line);
const stream = { write: out };
const base = { pid: 4242, hostname: "api-7d9f" };
const log = pino({ level: "trace", base }, stream);
log.trace("tracing");
log.debug({ path: "/srv/app", attempt: 3 }, "cache miss");
log.info({ user: "ana", request: { id: "f9a1c2", headers: { host: "example.org" } } }, "user logged in");
log.warn({ ratio: 0.25, ok: true, tags: ["a", "b"] }, "disk nearly full");
log.error(error("boom"), "request failed");
log.error({ err: error("no such key", TypeError), route: "/api/v1/items" }, "lookup failed");
log.fatal("shutting down");
pino({ level: "trace", base, name: "api" }, stream).info("named");
log.child({ module: "db" }).info("from a child");
pino({ level: "trace", base, customLevels: { audit: 35 } }, stream).audit("a custom level");

const blog = bunyan.createLogger({
  name: "svc",
  hostname: "api-7d9f",
  level: "trace",
  streams: [{ level: "trace", stream }],
  serializers: bunyan.stdSerializers,
});
blog.trace("tracing");
blog.debug({ attempt: 3 }, "cache miss");
blog.info({ user: "ana" }, "user logged in");
blog.warn("disk nearly full");
blog.error({ err: error("boom") }, "request failed");
blog.fatal("shutting down");
blog.child({ component: "db" }).info("from a child");
