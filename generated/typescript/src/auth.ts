/**
 * The authentication schemes the docs describe: Basic, Bearer and SoTicket on
 * `Authorization`, or the XSRF token header. Secrets are kept in private
 * fields, so they never appear when an object is logged.
 */

/**
 * Headers that authenticate a request.
 */
export interface Auth {
  headers(): Record<string, string>;
}

/**
 * `Authorization: Basic base64(username:password)` (UTF-8).
 */
export class BasicAuth implements Auth {
  readonly username: string;
  readonly #password: string;

  constructor(username: string, password: string) {
    this.username = username;
    this.#password = password;
  }

  headers(): Record<string, string> {
    const bytes = new TextEncoder().encode(
      `${this.username}:${this.#password}`,
    );
    const token = btoa(String.fromCharCode(...bytes));
    return { Authorization: `Basic ${token}` };
  }
}

/**
 * `Authorization: Bearer <token>` (an OAuth/OpenID Connect access token).
 */
export class BearerAuth implements Auth {
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
  }

  headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.#token}` };
  }
}

/**
 * `Authorization: SoTicket <ticket>` (a SuperOffice session ticket).
 */
export class SoTicketAuth implements Auth {
  readonly #ticket: string;

  constructor(ticket: string) {
    this.#ticket = ticket;
  }

  headers(): Record<string, string> {
    return { Authorization: `SoTicket ${this.#ticket}` };
  }
}

/**
 * `X-XSRF-TOKEN: <token>`: the value from the XSRF cookie or hidden input
 * field, instead of `Authorization` (with the session cookie the browser
 * sends).
 */
export class XsrfTokenAuth implements Auth {
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
  }

  headers(): Record<string, string> {
    return { "X-XSRF-TOKEN": this.#token };
  }
}
