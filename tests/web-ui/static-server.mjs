// A tiny static HTTP server on 127.0.0.1 for the browser tests: serves only the listed folders of the repository, read-only.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * Serves files under `root` whose URL path starts with one of `prefixes` (e.g. "/web-ui/").
 * Resolves to `{url, close()}` once listening on a free loopback port.
 */
export function startStaticServer(root, prefixes) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const fail = (status) => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(String(status));
    };
    if (req.method !== "GET" && req.method !== "HEAD") return fail(405);
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    } catch {
      return fail(400);
    }
    const file = path.resolve(base, `.${pathname}`);
    // Only the listed folders, and nothing that escapes them through ".." or an encoded slash.
    if (!prefixes.some((p) => pathname.startsWith(p)) || !file.startsWith(base + path.sep)) return fail(404);
    fs.readFile(file, (err, data) => {
      if (err) return fail(404);
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
