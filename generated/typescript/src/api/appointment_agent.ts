import type * as models from "../models.js";
import type { Core } from "../core.js";

/**
 * Options of `v1AppointmentAgent_AcceptWithSmtpEmailConfirmation` (POST /api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation).
 */
export interface AcceptWithSmtpEmailConfirmationOptions {
  /**
   * Optional comma separated list of properties to include in the result. Other fields are then nulled out to reduce payload size: "Name,department,category". Default = show all fields.
   */
  select?: string;
  /**
   * The application token that identifies the partner app. Used when calling Online WebAPI from a server.
   */
  soAppToken?: string;
  /**
   * AppointmentId, UpdateMode, SmtpEMailConnectionInfo
   */
  body?: models.AcceptWithSmtpEmailConfirmationRequest;
  /**
   * Headers for this call only, over the client's default headers.
   */
  headers?: Record<string, string>;
  /**
   * Aborts the call.
   */
  signal?: AbortSignal;
}

/**
 * The AppointmentAgent endpoints.
 */
export class AppointmentAgentApi {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Accepting an appointment invitation and send an email confirmation to the meeting organizer.
   *
   * `POST /api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation`
   *
   * @returns `void`
   */
  async acceptWithSmtpEmailConfirmation(
    options: AcceptWithSmtpEmailConfirmationOptions = {},
  ): Promise<void> {
    return this.#core.call({
      method: "POST",
      path: "/api/v1/Agents/Appointment/AcceptWithSmtpEmailConfirmation",
      success: [204],
      result: "none",
      query: {
        $select: options.select,
      },
      headers: {
        "SO-AppToken": options.soAppToken,
      },
      body: options.body,
      extraHeaders: options.headers,
      signal: options.signal,
    });
  }
}
