/**
 * A JWKS endpoint for the key-rotation tests, standing in for the origin's
 * /.well-known/jwks.json while its key set changes: POST /keys adds a key (and returns its
 * private JWK so the test can sign with it), GET /fetches says how often the JWKS was fetched.
 * The keys and tokens are real (jose, ES256); only the key store is the test's.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { generateSigningJwk } from "@seeyoo/dev-data/signing-key";
import type { JWK } from "jose";

export async function startRotatingJwksServer() {
  const keys: JWK[] = [await generateSigningJwk("rotating-1")];
  let fetches = 0;
  const publicOf = ({ d: _d, ...pub }: JWK) => ({ ...pub, use: "sig" });

  const server = createServer(async (req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.method === "GET" && req.url === "/.well-known/jwks.json") {
      fetches++;
      res.end(JSON.stringify({ keys: keys.map(publicOf) }));
    } else if (req.method === "GET" && req.url === "/fetches") {
      res.end(JSON.stringify({ fetches }));
    } else if (req.method === "GET" && req.url === "/keys/0") {
      res.end(JSON.stringify(keys[0]));
    } else if (req.method === "POST" && req.url === "/keys") {
      const key = await generateSigningJwk(`rotating-${keys.length + 1}`);
      keys.push(key);
      res.end(JSON.stringify(key));
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
