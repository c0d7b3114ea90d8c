export { Client, type ClientOptions } from "./client.js";
export {
  BasicAuth,
  BearerAuth,
  SoTicketAuth,
  XsrfTokenAuth,
  type Auth,
} from "./auth.js";
export {
  ApiError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  NotModifiedError,
  PreconditionFailedError,
  RateLimitError,
  ResponseDecodeError,
  ServerError,
  ServiceUnavailableError,
  UnauthorizedError,
} from "./errors.js";
export { DEFAULT_RETRY, type RetryPolicy } from "./core.js";
export type * from "./models.js";
export {
  AppointmentAgentApi,
  type AcceptWithSmtpEmailConfirmationOptions,
} from "./api/appointment_agent.js";
