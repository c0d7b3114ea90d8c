/**
 * Errors thrown for responses the docs do not list as success: one class per
 * common status.
 */

const MESSAGE_KEYS = [
  "Error",
  "error",
  "Message",
  "message",
  "detail",
  "title",
];

/**
 * What an error knows of the response.
 */
export interface ErrorResponse {
  method: string;
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

/**
 * The server answered with a status the docs do not list as success for
 * this operation. `status`, `headers` and `text` (the raw body) are those of
 * the response; `body` is the body parsed as JSON when it is JSON (else
 * `undefined`).
 */
export class ApiError extends Error {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: unknown;

  constructor(response: ErrorResponse, message?: string) {
    const body = jsonOrUndefined(response.text);
    const reason = message ?? messageOf(body) ?? response.statusText;
    super(`${response.method} ${response.url}: ${response.status} ${reason}`);
    this.name = new.target.name;
    this.method = response.method;
    this.url = response.url;
    this.status = response.status;
    this.headers = response.headers;
    this.text = response.text;
    this.body = body;
  }
}

/**
 * 304: the resource has not changed since the If-Modified-Since timestamp.
 */
export class NotModifiedError extends ApiError {}

/**
 * 400.
 */
export class BadRequestError extends ApiError {}

/**
 * 401: missing or invalid credentials.
 */
export class UnauthorizedError extends ApiError {}

/**
 * 403.
 */
export class ForbiddenError extends ApiError {}

/**
 * 404.
 */
export class NotFoundError extends ApiError {}

/**
 * 409.
 */
export class ConflictError extends ApiError {}

/**
 * 412: the resource changed since the If-Unmodified-Since timestamp.
 */
export class PreconditionFailedError extends ApiError {}

/**
 * 429: too many requests (retried first for the methods of the retry policy).
 */
export class RateLimitError extends ApiError {}

/**
 * 5xx.
 */
export class ServerError extends ApiError {}

/**
 * 503 (retried first for the methods of the retry policy).
 */
export class ServiceUnavailableError extends ServerError {}

/**
 * A success status whose body is not JSON although the docs declare one.
 */
export class ResponseDecodeError extends ApiError {}

const BY_STATUS: Record<number, typeof ApiError> = {
  304: NotModifiedError,
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  412: PreconditionFailedError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

/**
 * The most specific error class for the response's status.
 */
export function errorFor(response: ErrorResponse): ApiError {
  const status = response.status;
  const ErrorClass =
    BY_STATUS[status] ?? (status >= 500 ? ServerError : ApiError);
  return new ErrorClass(response);
}

function jsonOrUndefined(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === "string") {
    return body;
  }
  if (typeof body === "object" && body !== null) {
    const values = body as Record<string, unknown>;
    const key = MESSAGE_KEYS.find((name) => typeof values[name] === "string");
    return key === undefined ? undefined : (values[key] as string);
  }
  return undefined;
}
