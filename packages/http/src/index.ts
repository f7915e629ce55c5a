/**
 * @seeyoo/http — the HTTP convention of both deployables (edge Worker and origin): errors as
 * problem+json, request ids, Bearer guards, validation, body limits, OpenAPI and the API
 * reference. Web-standard code only: it runs in workerd and in Node.
 */
export { describeRoute, resolver } from "hono-openapi";
export * from "./access-tokens.ts";
export * from "./api-app.ts";
export * from "./api-docs.ts";
export * from "./auth-limits.ts";
export * from "./auth-rate-limiter.ts";
export * from "./bearer-guard.ts";
export * from "./body-limit.ts";
export * from "./client-network.ts";
export * from "./device-route-docs.ts";
export * from "./forwarded-client.ts";
export * from "./openapi-responses.ts";
export * from "./problem-handlers.ts";
export * from "./request-id.ts";
export * from "./route-table.ts";
export * from "./token-delivery-docs.ts";
export * from "./validated.ts";
