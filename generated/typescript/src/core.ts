/**
 * The request core every endpoint method goes through: it builds the URL,
 * query, headers and body, applies auth, the client's default headers, the
 * timeout and retries, sends the request with the platform's `fetch`, throws
 * an `ApiError` for statuses the docs do not list as success and parses the
 * result.
 */

import type { Auth } from "./auth.js";
import { ResponseDecodeError, errorFor, type ErrorResponse } from "./errors.js";

/**
 * How a success response is read: JSON, a `Blob`, or nothing.
 */
export type ResultKind = "json" | "binary" | "none";

/**
 * A query parameter's value: left out when `undefined` or `null`, arrays
 * joined with commas.
 */
export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly (string | number | boolean)[];

/**
 * One call of one endpoint, as a method describes it.
 */
export interface RequestSpec {
  method: string;
  path: string;
  success: readonly number[];
  result: ResultKind;
  pathValues?: Record<string, string | number | boolean>;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  extraHeaders?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * When and how long to wait before sending a request again: when its method
 * is one of `methods` and the server answered with one of `statuses` or could
 * not be reached. The wait doubles from `backoffMs` up to `maxBackoffMs`; a
 * `Retry-After` header, when present, is obeyed instead.
 */
export interface RetryPolicy {
  maxRetries: number;
  backoffMs: number;
  maxBackoffMs: number;
  statuses: readonly number[];
  methods: readonly string[];
}

/**
 * The Python client's policy: idempotent methods, twice, on 429 and 503.
 */
export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 2,
  backoffMs: 500,
  maxBackoffMs: 30000,
  statuses: [429, 503],
  methods: ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"],
};

/**
 * What every request of one client shares.
 */
export interface CoreSettings {
  baseUrl: string;
  auth: Auth | undefined;
  headers: Record<string, string>;
  timeoutMs: number;
  retry: RetryPolicy | null;
  fetch: typeof fetch;
}

const PATH_PARAMETER = /\{([^{}/]+)\}/g;

export class Core {
  readonly #settings: CoreSettings;

  constructor(settings: CoreSettings) {
    this.#settings = settings;
  }

  async call<T>(spec: RequestSpec): Promise<T> {
    const url = this.url(spec);
    const response = await this.send(
      spec.method,
      url,
      this.init(spec),
      spec.signal,
    );
    const text = spec.result === "binary" ? "" : await response.text();
    const succeeded =
      spec.success.length > 0
        ? spec.success.includes(response.status)
        : response.status >= 200 && response.status < 300;
    if (!succeeded) {
      const body = spec.result === "binary" ? await response.text() : text;
      throw errorFor(errorResponse(spec.method, url, response, body));
    }
    if (spec.result === "none" || response.status === 204) {
      return undefined as T;
    }
    if (spec.result === "binary") {
      return (await response.blob()) as T;
    }
    if (!text) {
      return undefined as T;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const info = errorResponse(spec.method, url, response, text);
      throw new ResponseDecodeError(info, `not JSON: ${detail}`);
    }
  }

  url(spec: RequestSpec): string {
    const values = spec.pathValues ?? {};
    const path = spec.path.replace(PATH_PARAMETER, (_, name: string) =>
      encodeURIComponent(textOf(values[name] ?? "")),
    );
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined && value !== null) {
        query.append(name, textOf(value));
      }
    }
    const search = query.toString();
    const base = this.#settings.baseUrl.replace(/\/+$/, "");
    return `${base}${path}${search ? `?${search}` : ""}`;
  }

  /**
   * The request's method, headers and body. Headers are set in order, each
   * over the ones before whatever its case: `Accept`, the client's defaults,
   * the call's header options, its extra headers, then auth.
   */
  init(spec: RequestSpec): RequestInit {
    const headers = new Headers({ Accept: spec.accept ?? "application/json" });
    const layers = [
      this.#settings.headers,
      spec.headers ?? {},
      spec.extraHeaders ?? {},
      this.#settings.auth?.headers() ?? {},
    ];
    for (const layer of layers) {
      for (const [name, value] of Object.entries(layer)) {
        if (value !== undefined) {
          headers.set(name, value);
        }
      }
    }
    const init: RequestInit = { method: spec.method, headers };
    if (spec.body === undefined) {
      return init;
    }
    if (isBinary(spec.body)) {
      headers.set(
        "Content-Type",
        spec.contentType ?? "application/octet-stream",
      );
      init.body = spec.body as BodyInit;
    } else {
      headers.set("Content-Type", "application/json");
      init.body = JSON.stringify(spec.body);
    }
    return init;
  }

  async send(
    method: string,
    url: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const policy = this.#settings.retry;
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await this.attempt(url, init, signal);
      } catch (error) {
        if (
          signal?.aborted ||
          !shouldRetry(policy, method, attempt, undefined)
        ) {
          throw error;
        }
        await sleep(delayMs(policy, attempt, undefined));
        continue;
      }
      if (!shouldRetry(policy, method, attempt, response)) {
        return response;
      }
      await response.body?.cancel();
      await sleep(delayMs(policy, attempt, response));
    }
  }

  /**
   * One request, aborted after the timeout (until the response's headers
   * arrive) or by the caller's signal.
   */
  async attempt(
    url: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const controller = new AbortController();
    const timeout = new DOMException("the request timed out", "TimeoutError");
    const timer = setTimeout(
      () => controller.abort(timeout),
      this.#settings.timeoutMs,
    );
    const onAbort = (): void => controller.abort(signal?.reason);
    if (signal?.aborted) {
      onAbort();
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await this.#settings.fetch(url, {
        ...init,
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

function textOf(value: QueryValue): string {
  if (Array.isArray(value)) {
    return value.map((item) => textOf(item as QueryValue)).join(",");
  }
  return String(value);
}

function isBinary(body: unknown): body is Blob | ArrayBuffer | ArrayBufferView {
  return (
    (typeof Blob !== "undefined" && body instanceof Blob) ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}

function errorResponse(
  method: string,
  url: string,
  response: Response,
  text: string,
): ErrorResponse {
  return {
    method,
    url,
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    text,
  };
}

function shouldRetry(
  policy: RetryPolicy | null,
  method: string,
  attempt: number,
  response: Response | undefined,
): boolean {
  if (policy === null || attempt >= policy.maxRetries) {
    return false;
  }
  if (!policy.methods.includes(method.toUpperCase())) {
    return false;
  }
  return response === undefined || policy.statuses.includes(response.status);
}

function delayMs(
  policy: RetryPolicy | null,
  attempt: number,
  response: Response | undefined,
): number {
  const limit = policy?.maxBackoffMs ?? 0;
  const waited = response === undefined ? undefined : retryAfterMs(response);
  if (waited !== undefined) {
    return Math.min(waited, limit);
  }
  return Math.min((policy?.backoffMs ?? 0) * 2 ** attempt, limit);
}

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get("Retry-After")?.trim();
  if (value === undefined || value === "") {
    return undefined;
  }
  if (/^\d+$/.test(value)) {
    return Number(value) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
