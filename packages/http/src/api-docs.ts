/**
 * `GET /v1/openapi.json` — the OpenAPI 3.1 document, generated from the routes' valibot schemas
 * by hono-openapi (never written by hand) — and `GET /docs`, an interactive reference over it.
 *
 * The reference is Swagger UI from the pinned npm package `swagger-ui-dist`, served by the API's
 * own host (the edge from its static assets, the origin from the package), never from a CDN: a
 * third-party script on a page where people paste their tokens would hold those tokens. The page
 * carries a CSP that allows only same-origin scripts and no framing; its scripts live in files
 * (no inline script), under `docs/` next to the page, and every URL is relative, so the page also
 * works behind a path prefix (the origin's ingress serves it under /api/).
 */
import { Problem } from "@seeyoo/schema/wire";
import { toJsonSchema } from "@valibot/to-json-schema";
import type { Env, Hono } from "hono";
import { type GenerateSpecOptions, openAPIRouteHandler } from "hono-openapi";

export const OPENAPI_PATH = "/v1/openapi.json";
export const DOCS_PATH = "/docs";

/** The files of `swagger-ui-dist` the page loads, by name under `docs/`, with their media types. */
const PACKAGE_FILES = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
};

/** Our own start-up script: a file, so the CSP needs no inline script. */
const START_SCRIPT_NAME = "reference.js";
const START_SCRIPT = `// Starts Swagger UI on the OpenAPI document the page names (see @seeyoo/http api-docs.ts).
const root = document.getElementById("api-reference");
window.SwaggerUIBundle({
  domNode: root,
  url: root.dataset.openapiUrl,
  deepLinking: true,
  // No calls to the public validator service: the page talks to its own host only.
  validatorUrl: null,
});
`;

export interface ApiReferenceFile {
  body: Uint8Array;
  contentType: string;
}

/**
 * Every file the page loads from `docs/`, by name. `readPackageFile` reads a file of the pinned
 * `swagger-ui-dist` package (a Node build script or server has the file system; this module
 * stays web-standard).
 */
export function apiReferenceFiles(
  readPackageFile: (name: string) => Uint8Array,
): Map<string, ApiReferenceFile> {
  const files = new Map<string, ApiReferenceFile>();
  for (const [name, contentType] of Object.entries(PACKAGE_FILES)) {
    files.set(name, { body: readPackageFile(name), contentType });
  }
  files.set(START_SCRIPT_NAME, {
    body: new TextEncoder().encode(START_SCRIPT),
    contentType: PACKAGE_FILES["swagger-ui-bundle.js"],
  });
  return files;
}

export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes on the elements it renders.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const { $schema: _draft, ...PROBLEM_JSON_SCHEMA } = toJsonSchema(Problem);

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function docsPage(title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="docs/swagger-ui.css" />
  </head>
  <body>
    <div id="api-reference" data-openapi-url=".${OPENAPI_PATH}"></div>
    <script src="docs/swagger-ui-bundle.js"></script>
    <script src="docs/${START_SCRIPT_NAME}"></script>
  </body>
</html>
`;
}

export interface ApiDocsOptions {
  info: { title: string; description: string; version: string };
  /** HTTP security schemes by name (guards name theirs). */
  securitySchemes: Record<
    string,
    { type: "http"; scheme: "bearer"; bearerFormat?: string; description?: string }
  >;
  /** Routes that are not part of the API (besides the documentation's own). */
  undocumented?: string[];
}

/** hono-openapi's options for the document; also what build scripts generate it with. */
export function openApiOptions(options: ApiDocsOptions): Partial<GenerateSpecOptions> {
  return {
    documentation: {
      openapi: "3.1.0",
      info: options.info,
      servers: [{ url: "/" }],
      components: { securitySchemes: options.securitySchemes },
    },
    exclude: [OPENAPI_PATH, DOCS_PATH, ...(options.undocumented ?? [])],
    // `/.well-known/jwks.json` is an API route, not a static file.
    excludeStaticFile: false,
    // A route that validates input answers failures as problem+json, whatever else it declares.
    defaultValidationErrorResponse: {
      description: "Invalid request, naming the failing fields",
      content: { "application/problem+json": { schema: PROBLEM_JSON_SCHEMA } },
    } as never,
  };
}

export function mountApiDocs<E extends Env>(app: Hono<E>, options: ApiDocsOptions): void {
  app.get(OPENAPI_PATH, openAPIRouteHandler(app, openApiOptions(options)));
  app.get(DOCS_PATH, (c) => {
    c.header("content-security-policy", DOCS_CONTENT_SECURITY_POLICY);
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "no-referrer");
    return c.html(docsPage(`${options.info.title} — reference`));
  });
}
