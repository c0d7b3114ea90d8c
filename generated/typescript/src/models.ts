/**
 * An interface per named type of the API: wire names as property names,
 * every property optional (the docs make none required).
 */

/**
 * AcceptWithSmtpEmailConfirmationRequest.
 */
export interface AcceptWithSmtpEmailConfirmationRequest {
  AppointmentId?: number;
  UpdateMode?: string;
  /**
   * All information needed to connect to a mailserver
   *
   * Carrier object for EMailConnectionInfo. Services for the EMailConnectionInfo Carrier is available from the EMail Agent.
   */
  SmtpEMailConnectionInfo?: Record<string, unknown>;
}
