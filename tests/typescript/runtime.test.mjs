// The generated client's request core, with a fake fetch: the request on the wire, auth, headers,
// results, errors, retries and the timeout. PACKAGE_DIST is the built package of tests/client/docs.

import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";

const dist = process.env.PACKAGE_DIST;
const api = await import(`${dist}/index.js`);
const { Client, BasicAuth, BearerAuth, SoTicketAuth, XsrfTokenAuth } = api;

function recording(...replies) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init, headers: new Headers(init.headers) });
    const reply = replies.length > 1 ? replies.shift() : replies[0];
    if (reply instanceof Error) {
      throw reply;
    }
    return typeof reply === "function" ? reply(init) : reply;
  };
  return { fetch, calls };
}

function json(status, body, headers = {}) {
  const text = body === undefined ? null : JSON.stringify(body);
  const all = { "Content-Type": "application/json", ...headers };
  return new Response(status === 204 ? null : text, { status, headers: all });
}

const fast = {
  maxRetries: 2,
  backoffMs: 1,
  maxBackoffMs: 5,
  statuses: [429, 503],
  methods: ["GET", "PUT", "DELETE"],
};

test("the request has the method, path, query, headers and JSON body the docs describe", async () => {
  const { fetch, calls } = recording(json(200, { WidgetId: 7, class: "big" }));
  const client = new Client("http://api.test/Cust1/", {
    auth: new BasicAuth("user", "pässword"),
    headers: { "Accept-Language": "en", "SO-AppToken": "app" },
    fetch,
  });
  const widget = await client.widgetAgent.getWidget({
    widgetId: 42,
    select: "a,b",
    select2: "x y",
    mode: "Wide",
    tags: ["t1", "t2"],
    naive: false,
    soLanguage: "no",
    headers: { "X-Extra": "1" },
  });
  assert.deepEqual(widget, { WidgetId: 7, class: "big" });
  const { url, init, headers } = calls[0];
  const parsed = new URL(url);
  assert.equal(init.method, "POST");
  assert.equal(parsed.pathname, "/Cust1/api/v1/Agents/Widget/GetWidget");
  assert.deepEqual(
    [...parsed.searchParams],
    [
      ["widgetId", "42"],
      ["$select", "a,b"],
      ["Select", "x y"],
      ["naïve", "false"],
      ["mode", "Wide"],
      ["tags", "t1,t2"],
    ],
  );
  assert.equal(
    headers.get("authorization"),
    `Basic ${Buffer.from("user:pässword").toString("base64")}`,
  );
  assert.equal(headers.get("accept-language"), "en");
  assert.equal(headers.get("so-apptoken"), "app");
  assert.equal(headers.get("so-language"), "no");
  assert.equal(headers.get("x-extra"), "1");
  assert.equal(headers.get("accept"), "application/json");
});

test("path parameters are encoded, a body is sent as JSON, 204 gives undefined", async () => {
  const { fetch, calls } = recording(json(204), json(200, { a: "b" }));
  const client = new Client("http://api.test", { fetch, retry: null });
  assert.equal(await client.close.deleteClose("a/b c"), undefined);
  assert.equal(new URL(calls[0].url).pathname, "/api/v1/Close/a%2Fb%20c");
  assert.equal(calls[0].init.body, undefined);
  const items = await client.close.putCloses(3, {
    body: [{ WidgetId: 1, class: null }],
  });
  assert.deepEqual(items, { a: "b" });
  assert.equal(calls[1].init.body, '[{"WidgetId":1,"class":null}]');
  assert.equal(calls[1].headers.get("content-type"), "application/json");
});

test("binary bodies are sent as they are and binary results are Blobs", async () => {
  const bytes = new Uint8Array([71, 73, 70, 0, 255]);
  const { fetch, calls } = recording(
    new Response(bytes, {
      status: 200,
      headers: { "Content-Type": "image/png" },
    }),
  );
  const client = new Client("http://api.test", { fetch });
  const image = await client.close.image(5, { body: new Blob([bytes]) });
  assert.ok(image instanceof Blob);
  assert.deepEqual(new Uint8Array(await image.arrayBuffer()), bytes);
  assert.equal(calls[0].headers.get("content-type"), "image/png");
  assert.equal(calls[0].headers.get("accept"), "image/png, image/jpeg");
  assert.ok(calls[0].init.body instanceof Blob);
});

test("statuses the docs do not list as success throw the ApiError of their status", async () => {
  const { fetch } = recording(
    json(404, { Message: "no such widget", Code: 7 }, { "X-Trace": "t1" }),
  );
  const client = new Client("http://api.test", { fetch });
  const error = await client.widgetAgent
    .getWidget({ widgetId: 1 })
    .catch((caught) => caught);
  assert.ok(
    error instanceof api.NotFoundError && error instanceof api.ApiError,
  );
  assert.equal(error.name, "NotFoundError");
  assert.equal(error.status, 404);
  assert.deepEqual(error.body, { Message: "no such widget", Code: 7 });
  assert.equal(error.headers.get("x-trace"), "t1");
  assert.match(
    error.message,
    /POST http:\/\/api\.test\/api\/v1\/Agents\/Widget\/GetWidget\?widgetId=1: 404 no such widget/,
  );
  const server = await new Client("http://api.test", {
    fetch: recording(new Response("down", { status: 502 })).fetch,
  }).widgetAgent
    .getWidget({ widgetId: 1 })
    .catch((caught) => caught);
  assert.ok(server instanceof api.ServerError);
  assert.equal(server.text, "down");
  assert.equal(server.body, undefined);
});

test("a success body that is not JSON throws ResponseDecodeError", async () => {
  const { fetch } = recording(new Response("<html>", { status: 200 }));
  const error = await new Client("http://api.test", { fetch }).widgetAgent
    .getWidget({ widgetId: 1 })
    .catch((e) => e);
  assert.ok(error instanceof api.ResponseDecodeError);
});

test("idempotent methods are retried on 503 and network errors, obeying Retry-After", async () => {
  const { fetch, calls } = recording(
    json(503, {}, { "Retry-After": "0" }),
    new TypeError("fetch failed"),
    json(204),
  );
  const client = new Client("http://api.test", { fetch, retry: fast });
  assert.equal(await client.close.deleteClose("1"), undefined);
  assert.equal(calls.length, 3);
});

test("retries stop after maxRetries, and never happen for POST or with retry: null", async () => {
  const down = recording(() => json(503, { error: "busy" }));
  const error = await new Client("http://api.test", {
    fetch: down.fetch,
    retry: fast,
  }).close
    .deleteClose("1")
    .catch((e) => e);
  assert.ok(
    error instanceof api.ServiceUnavailableError &&
      error instanceof api.ServerError,
  );
  assert.equal(down.calls.length, 3);
  const post = recording(() => json(503, {}));
  await new Client("http://api.test", {
    fetch: post.fetch,
    retry: fast,
  }).widgetAgent
    .getWidget({ widgetId: 1 })
    .catch(() => {});
  assert.equal(post.calls.length, 1);
  const off = recording(() => json(503, {}));
  await new Client("http://api.test", { fetch: off.fetch, retry: null }).close
    .deleteClose("1")
    .catch(() => {});
  assert.equal(off.calls.length, 1);
  assert.deepEqual(api.DEFAULT_RETRY.statuses, [429, 503]);
  assert.equal(api.DEFAULT_RETRY.maxRetries, 2);
});

function hanging() {
  return (url, init) =>
    new Promise((_, reject) =>
      init.signal.addEventListener("abort", () => reject(init.signal.reason)),
    );
}

test("a request that takes longer than timeoutMs is aborted with a TimeoutError", async () => {
  const client = new Client("http://api.test", {
    fetch: hanging(),
    timeoutMs: 20,
    retry: null,
  });
  const error = await client.close.deleteClose("1").catch((e) => e);
  assert.equal(error.name, "TimeoutError");
});

test("the caller's signal aborts a call, and an aborted call is not retried", async () => {
  const controller = new AbortController();
  let calls = 0;
  const fetch = (url, init) => {
    calls += 1;
    return hanging()(url, init);
  };
  const client = new Client("http://api.test", { fetch, retry: fast });
  const pending = client.close
    .deleteClose("1", { signal: controller.signal })
    .catch((e) => e);
  controller.abort(new Error("stop"));
  assert.equal((await pending).message, "stop");
  assert.equal(calls, 1);
});

test("each auth scheme sets its header and keeps its secret out of logs", async () => {
  const schemes = [
    [new BearerAuth("tok"), "authorization", "Bearer tok"],
    [new SoTicketAuth("7T:abc"), "authorization", "SoTicket 7T:abc"],
    [new XsrfTokenAuth("xs"), "x-xsrf-token", "xs"],
  ];
  for (const [auth, header, value] of schemes) {
    const { fetch, calls } = recording(json(204));
    await new Client("http://api.test", { fetch, auth }).close.deleteClose("1");
    assert.equal(calls[0].headers.get(header), value);
    assert.ok(
      !inspect(auth).includes(value.split(" ").pop()) &&
        !JSON.stringify(auth).includes("tok"),
    );
  }
  assert.ok(!inspect(new BasicAuth("u", "secret")).includes("secret"));
});

test("a call's header overrides the client's default whatever their case", async () => {
  const { fetch, calls } = recording(json(204));
  const headers = { "accept-language": "en", "X-Default": "d" };
  const client = new Client("http://api.test", { fetch, headers });
  await client.close.deleteClose("1", { acceptLanguage: "fr" });
  assert.equal(calls[0].headers.get("accept-language"), "fr");
  assert.equal(calls[0].headers.get("x-default"), "d");
});
