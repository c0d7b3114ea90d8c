import type { Auth } from "./auth.js";
import { Core, DEFAULT_RETRY, type RetryPolicy } from "./core.js";
import { AppointmentAgentApi } from "./api/appointment_agent.js";

/**
 * How a client connects and authenticates.
 */
export interface ClientOptions {
  /**
   * `BasicAuth`, `BearerAuth`, `SoTicketAuth` or `XsrfTokenAuth`.
   */
  auth?: Auth;
  /**
   * Headers sent with every request (each call may override them).
   */
  headers?: Record<string, string>;
  /**
   * Milliseconds each request may take until its response headers arrive
   * (default 30000).
   */
  timeoutMs?: number;
  /**
   * When to retry (default `DEFAULT_RETRY`); `null` switches retries off.
   */
  retry?: RetryPolicy | null;
  /**
   * The `fetch` to send requests with (default: the platform's).
   */
  fetch?: typeof fetch;
}

/**
 * The API's client: one attribute per group of endpoints.
 */
export class Client {
  readonly baseUrl: string;
  readonly appointmentAgent: AppointmentAgentApi;

  constructor(baseUrl: string, options: ClientOptions = {}) {
    this.baseUrl = baseUrl;
    const core = new Core({
      baseUrl,
      auth: options.auth,
      headers: { ...options.headers },
      timeoutMs: options.timeoutMs ?? 30000,
      retry: options.retry === undefined ? DEFAULT_RETRY : options.retry,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    });
    this.appointmentAgent = new AppointmentAgentApi(core);
  }
}
