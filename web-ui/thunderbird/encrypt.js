// The encrypt fix: asks the host for a password-protected archive of attachments of the checked
// draft (`encrypt`, then `archive_chunk` for an archive too big for one frame), puts it in place
// of the originals in the working copy, and, once the user presses Send, in the compose window.
// The password is handed back to the caller and is never logged or recorded here.
import { MAX_ATTACHMENT_CONTENT_BYTES, base64ToBytes, bytesToBase64 } from "./draft.js";

// Every chunk is at most 512 KiB (docs/api.md); 256 of them are 128 MiB, past anything the host
// accepts in a draft, so a larger count is a broken answer rather than an archive to fetch.
export const MAX_ARCHIVE_CHUNKS = 256;

/** An archive answer the extension cannot use; `code` is "bad_archive". */
export class ArchiveError extends Error {
  constructor(message) {
    super(message);
    this.name = "ArchiveError";
    this.code = "bad_archive";
  }
}

/** The request of `encrypt` for the attachments named by an encrypt_attachments suggestion. */
export function encryptParams(checkId, names) {
  return { check_id: checkId, names: [...new Set(names)] };
}

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function concat(parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function decode(text, what) {
  if (typeof text !== "string") throw new ArchiveError(`${what} has no content`);
  try {
    return base64ToBytes(text);
  } catch (e) {
    throw new ArchiveError(`${what} is not base64: ${e?.message ?? e}`);
  }
}

/**
 * The archive of an `encrypt` answer as `{name, size, contentType, bytes, password, chunks}`:
 * inline content, or `chunk_count` chunks fetched one by one with `archive_chunk`, each with
 * `request(method, params)` (the caller bounds it). `stopped()` is asked before every chunk, so a
 * dialog closed meanwhile does not keep the host busy. The size and, when given, the SHA-256
 * must match, so a lost or reordered chunk is never attached.
 */
export async function receiveArchive(result, request, stopped = () => false) {
  const a = result?.archive;
  if (!a || typeof a !== "object") throw new ArchiveError("the answer has no archive");
  if (typeof a.name !== "string" || a.name === "") throw new ArchiveError("the archive has no name");
  if (typeof result.password !== "string" || result.password === "") throw new ArchiveError("the answer has no password");
  let bytes;
  let chunks = 0;
  if (typeof a.content_base64 === "string") {
    bytes = decode(a.content_base64, "the archive");
  } else if (typeof a.archive_id === "string" && a.archive_id !== "") {
    chunks = a.chunk_count;
    if (!Number.isInteger(chunks) || chunks < 1 || chunks > MAX_ARCHIVE_CHUNKS) {
      throw new ArchiveError(`chunk_count ${JSON.stringify(a.chunk_count)} is not 1 to ${MAX_ARCHIVE_CHUNKS}`);
    }
    const parts = [];
    for (let index = 0; index < chunks; index++) {
      if (stopped()) throw new ArchiveError("stopped");
      const chunk = await request("archive_chunk", { archive_id: a.archive_id, index });
      if (chunk?.index !== undefined && chunk.index !== index) throw new ArchiveError(`asked for chunk ${index}, got ${chunk.index}`);
      if (chunk?.count !== undefined && chunk.count !== chunks) throw new ArchiveError(`chunk ${index} says ${chunk.count} chunks, not ${chunks}`);
      parts.push(decode(chunk?.data_base64, `chunk ${index}`));
    }
    bytes = concat(parts);
  } else {
    throw new ArchiveError("the archive has neither content_base64 nor archive_id");
  }
  if (a.size !== undefined && a.size !== bytes.length) throw new ArchiveError(`${bytes.length} bytes received, ${a.size} announced`);
  if (typeof a.sha256 === "string" && globalThis.crypto?.subtle) {
    const got = await sha256Hex(bytes);
    if (got !== a.sha256.toLowerCase()) throw new ArchiveError("SHA-256 does not match");
  }
  const contentType = typeof a.content_type === "string" && a.content_type ? a.content_type : "application/zip";
  return { name: a.name, size: bytes.length, contentType, bytes, password: result.password, chunks };
}

/**
 * A working-copy attachment for a received archive: the File the compose window gets on Send,
 * and the content the re-check needs (within the host's per-attachment limit).
 */
export function archiveAttachment({ name, contentType, bytes }) {
  const item = { name, size: bytes.length, content_type: contentType, file: new File([bytes], name, { type: contentType }) };
  if (bytes.length <= MAX_ATTACHMENT_CONTENT_BYTES) item.content_base64 = bytesToBase64(bytes);
  return item;
}

/**
 * `attachments` with those named in `names` replaced by `archive`: it takes the place of the
 * first of them, the others are removed. Throws TypeError when a name is not there.
 */
export function replaceWithArchive(attachments, names, archive) {
  const wanted = new Set(names);
  const missing = [...wanted].filter((n) => !attachments.some((a) => a.name === n));
  if (missing.length) throw new TypeError(`no attachment named ${missing.map((n) => JSON.stringify(n)).join(", ")}`);
  const out = [];
  let placed = false;
  for (const a of attachments) {
    if (!wanted.has(a.name)) out.push(a);
    else if (!placed) {
      out.push(archive);
      placed = true;
    }
  }
  return out;
}

/**
 * Makes the compose tab's attachments what the working copy says: adds every archive (`file`),
 * then removes every original (`id`) the working copy no longer has, then reads the list back
 * and compares names. Adding first means a failure to add leaves the originals as they were
 * (the archives added so far are removed again, best effort); once an original is gone, nothing
 * is undone, and the caller stops the send and asks the user to look at the attachments.
 * Returns `{added: [{name, size}], removed: n}`.
 */
export async function swapAttachments(api, tabId, originals, working) {
  const keep = new Set(working.filter((w) => w.id !== undefined).map((w) => w.id));
  const removeIds = originals.filter((o) => o.id !== undefined && !keep.has(o.id)).map((o) => o.id);
  const adds = working.filter((w) => w.file);
  const addedIds = [];
  let removed = 0;
  try {
    for (const w of adds) {
      const added = await api.compose.addAttachment(tabId, { file: w.file, name: w.name });
      if (added?.id !== undefined) addedIds.push(added.id);
    }
    for (const id of removeIds) {
      await api.compose.removeAttachment(tabId, id);
      removed++;
    }
    const now = ((await api.compose.listAttachments(tabId)) ?? []).map((a) => a.name ?? "").sort();
    const want = working.map((w) => w.name).sort();
    if (JSON.stringify(now) !== JSON.stringify(want)) {
      throw new Error(`the compose window has ${JSON.stringify(now)}, expected ${JSON.stringify(want)}`);
    }
  } catch (e) {
    for (const id of removed === 0 ? addedIds : []) {
      try {
        await api.compose.removeAttachment(tabId, id);
      } catch {
        // Already gone, or the window is: the notice asks the user to look.
      }
    }
    throw e;
  }
  return { added: adds.map((w) => ({ name: w.name, size: w.size })), removed: removeIds.length };
}
