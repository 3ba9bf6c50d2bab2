// Just enough MIME to check what Thunderbird sent: headers, addresses, text parts, attachments.

const CRLF2 = Buffer.from("\r\n\r\n");

// RFC 2047 encoded words (=?UTF-8?B?...?= and ?Q?), which Thunderbird uses for non-ASCII headers.
export function decodeEncodedWords(value) {
  return value
    .replace(/\?=\s+=\?/g, "?==?") // whitespace between adjacent encoded words is not content
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const bytes =
        enc.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(
              text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))),
              "latin1",
            );
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

// Header block -> Map of lower-case name -> [values] (unfolded, encoded words left as they are).
function parseHeaderBlock(text) {
  const headers = new Map();
  const unfolded = text.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (!headers.has(name)) headers.set(name, []);
    headers.get(name).push(value);
  }
  return headers;
}

function splitEntity(buf) {
  const at = buf.indexOf(CRLF2);
  if (at < 0) return { headerText: buf.toString("latin1"), body: Buffer.alloc(0) };
  return { headerText: buf.subarray(0, at).toString("latin1"), body: buf.subarray(at + 4) };
}

// A header parameter, with RFC 2231 (name*=UTF-8''...) and continuations (name*0*=...).
function headerParam(value, name) {
  if (!value) return undefined;
  const parts = [];
  const re = new RegExp(`;\\s*${name}(\\*(\\d+))?(\\*)?=("((?:[^"\\\\]|\\\\.)*)"|[^;]*)`, "gi");
  let m;
  while ((m = re.exec(value))) {
    const index = m[2] === undefined ? 0 : Number(m[2]);
    const extended = m[3] === "*";
    const raw = m[5] !== undefined ? m[5].replace(/\\(.)/g, "$1") : m[4].trim();
    parts.push({ index, extended, raw });
  }
  if (parts.length === 0) return undefined;
  parts.sort((a, b) => a.index - b.index);
  let charset = "utf-8";
  const bytes = [];
  for (const [i, p] of parts.entries()) {
    let raw = p.raw;
    if (p.extended) {
      if (i === 0) {
        const q = raw.split("'");
        if (q.length >= 3) {
          charset = q[0] || charset;
          raw = q.slice(2).join("'");
        }
      }
      bytes.push(Buffer.from(raw.replace(/%([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))), "latin1"));
    } else {
      bytes.push(Buffer.from(decodeEncodedWords(raw), "utf8"));
    }
  }
  return new TextDecoder(charset.toLowerCase()).decode(Buffer.concat(bytes));
}

function decodeTransfer(body, encoding) {
  switch ((encoding || "7bit").toLowerCase()) {
    case "base64":
      return Buffer.from(body.toString("latin1").replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
    case "quoted-printable": {
      const text = body.toString("latin1").replace(/=\r?\n/g, "");
      return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))), "latin1");
    }
    default:
      return body;
  }
}

// Parses one entity and, for multipart, its parts, depth first into leaves[].
function parseEntity(buf, leaves) {
  const { headerText, body } = splitEntity(buf);
  const headers = parseHeaderBlock(headerText);
  const contentType = headers.get("content-type")?.[0] ?? "text/plain";
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  if (mediaType.startsWith("multipart/")) {
    const boundary = headerParam(contentType, "boundary");
    if (!boundary) throw new Error(`multipart without boundary: ${contentType}`);
    const delimiter = Buffer.from(`--${boundary}`);
    let pos = body.indexOf(delimiter);
    while (pos >= 0) {
      let start = pos + delimiter.length;
      if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing delimiter
      start = body.indexOf("\n", start) + 1;
      const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), start);
      if (next < 0) throw new Error(`multipart part without closing delimiter (boundary ${boundary})`);
      parseEntity(body.subarray(start, next), leaves);
      pos = next + 2;
    }
    return;
  }
  const disposition = headers.get("content-disposition")?.[0];
  const filename = headerParam(disposition, "filename") ?? headerParam(contentType, "name");
  const content = decodeTransfer(body, headers.get("content-transfer-encoding")?.[0]);
  const charset = headerParam(contentType, "charset") ?? "utf-8";
  leaves.push({
    mediaType,
    headers,
    filename,
    isAttachment: Boolean(filename) || /^attachment/i.test(disposition ?? ""),
    content,
    text: mediaType.startsWith("text/") ? new TextDecoder(charset.toLowerCase()).decode(content) : undefined,
  });
}

// Bare addr-specs in an address-list header ("A <a@x>, b@y, group: c@z;").
export function addressesIn(value) {
  if (!value) return [];
  const decoded = decodeEncodedWords(value).replace(/"(?:[^"\\]|\\.)*"/g, '""'); // names may hold commas and @
  const out = [];
  for (const m of decoded.matchAll(/<([^<>\s]+@[^<>\s]+)>|([^\s<>,;:"()]+@[^\s<>,;:"()]+)/g)) out.push((m[1] ?? m[2]).toLowerCase());
  return out;
}

export function parseMessage(raw) {
  const { headerText } = splitEntity(raw);
  const headers = parseHeaderBlock(headerText);
  const leaves = [];
  parseEntity(raw, leaves);
  const header = (name) => headers.get(name.toLowerCase())?.map(decodeEncodedWords).join(", ");
  const textPart = leaves.find((l) => !l.isAttachment && l.mediaType === "text/plain");
  return {
    headers,
    headerText,
    header,
    subject: header("subject") ?? "",
    messageId: (headers.get("message-id")?.[0] ?? "").replace(/^<|>$/g, ""),
    to: addressesIn(headers.get("to")?.join(", ")),
    cc: addressesIn(headers.get("cc")?.join(", ")),
    bcc: addressesIn(headers.get("bcc")?.join(", ")),
    text: textPart?.text,
    attachments: leaves.filter((l) => l.isAttachment).map((l) => ({ name: l.filename, mediaType: l.mediaType, content: l.content })),
  };
}
