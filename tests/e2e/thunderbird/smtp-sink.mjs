// A minimal SMTP server on loopback that records every message it accepts (envelope and raw DATA).
import net from "node:net";
import { EventEmitter } from "node:events";

// Big enough for the 5 MB attachment scenario after base64 (x1.37) with room to spare.
const MAX_SIZE = 64 * 1024 * 1024;
// A command line longer than this is a broken client, not a reason to buffer forever.
const MAX_LINE = 64 * 1024;

// Extracts the path from "FROM:<a@b> SIZE=1 BODY=8BITMIME" / "TO:<a@b>" (null when malformed).
function parsePath(arg, keyword) {
  const m = new RegExp(`^${keyword}:\\s*<([^>]*)>(.*)$`, "i").exec(arg.trim());
  return m ? { address: m[1], params: m[2].trim() } : null;
}

export class SmtpSink extends EventEmitter {
  constructor() {
    super();
    this.messages = []; // {mailFrom, rcptTo: [], data: Buffer, params}
    this.transcript = []; // short log of commands, for failure reports
    this.sockets = new Set();
    this.server = net.createServer((socket) => this.#session(socket));
  }

  async start() {
    await new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", resolve);
    });
    this.port = this.server.address().port;
    return this.port;
  }

  async stop() {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }

  // Resolves with the first recorded message (past or future) that satisfies predicate.
  waitFor(predicate, timeoutMs, what) {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (!predicate(m)) return;
        clearTimeout(timer);
        this.off("message", onMessage);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.off("message", onMessage);
        reject(new Error(`SMTP sink: no message ${what ?? "matching"} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on("message", onMessage);
    });
  }

  #log(line) {
    this.transcript.push(line.length > 200 ? line.slice(0, 200) + "…" : line);
    if (this.transcript.length > 500) this.transcript.shift();
  }

  #session(socket) {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => {}); // a client that vanishes is not our failure
    const reply = (line) => {
      this.#log(`S: ${line}`);
      socket.write(line + "\r\n");
    };
    let buffer = Buffer.alloc(0);
    let envelope = null; // {mailFrom, params, rcptTo}
    let dataLines = null; // Buffer[] while inside DATA
    let dataSize = 0;

    const reset = () => {
      envelope = null;
      dataLines = null;
      dataSize = 0;
    };

    const onDataLine = (line) => {
      if (line.length === 1 && line[0] === 0x2e) {
        const data = Buffer.concat(dataLines.flatMap((l) => [l, Buffer.from("\r\n")]));
        const message = { mailFrom: envelope.mailFrom, params: envelope.params, rcptTo: envelope.rcptTo, data };
        dataLines = null;
        if (dataSize > MAX_SIZE) {
          reply("552 5.3.4 Message too big");
        } else {
          this.messages.push(message);
          this.#log(`(message ${this.messages.length}: ${data.length} bytes, ${message.rcptTo.length} rcpt)`);
          reply(`250 2.0.0 Ok: queued as ${this.messages.length}`);
          this.emit("message", message);
        }
        envelope = null;
        return;
      }
      // RFC 5321 4.5.2: a leading dot was doubled by the client.
      const unstuffed = line[0] === 0x2e ? line.subarray(1) : line;
      dataSize += unstuffed.length + 2;
      if (dataSize <= MAX_SIZE) dataLines.push(Buffer.from(unstuffed));
    };

    const onCommand = (lineBuf) => {
      const line = lineBuf.toString("utf8");
      this.#log(`C: ${line}`);
      const sp = line.indexOf(" ");
      const verb = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
      const arg = sp < 0 ? "" : line.slice(sp + 1);
      switch (verb) {
        case "EHLO":
          reset();
          socket.write(
            `250-sendguard-test-sink greets ${arg}\r\n250-SIZE ${MAX_SIZE}\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 SMTPUTF8\r\n`,
          );
          this.#log("S: 250 EHLO (SIZE 8BITMIME ENHANCEDSTATUSCODES SMTPUTF8)");
          return;
        case "HELO":
          reset();
          return reply("250 sendguard-test-sink");
        case "MAIL": {
          const p = parsePath(arg, "FROM");
          if (!p) return reply("501 5.5.4 Syntax: MAIL FROM:<address>");
          const size = /(?:^|\s)SIZE=(\d+)/i.exec(p.params);
          if (size && Number(size[1]) > MAX_SIZE) return reply("552 5.3.4 Message too big");
          envelope = { mailFrom: p.address, params: p.params, rcptTo: [] };
          return reply("250 2.1.0 Ok");
        }
        case "RCPT": {
          if (!envelope) return reply("503 5.5.1 Need MAIL first");
          const p = parsePath(arg, "TO");
          if (!p || !p.address) return reply("501 5.5.4 Syntax: RCPT TO:<address>");
          envelope.rcptTo.push(p.address);
          return reply("250 2.1.5 Ok");
        }
        case "DATA":
          if (!envelope || envelope.rcptTo.length === 0) return reply("503 5.5.1 Need RCPT first");
          dataLines = [];
          dataSize = 0;
          return reply("354 End data with <CR><LF>.<CR><LF>");
        case "RSET":
          reset();
          return reply("250 2.0.0 Ok");
        case "NOOP":
          return reply("250 2.0.0 Ok");
        case "QUIT":
          reply("221 2.0.0 Bye");
          return socket.end();
        default:
          return reply("502 5.5.2 Command not implemented");
      }
    };

    socket.on("data", (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      let start = 0;
      for (;;) {
        const nl = buffer.indexOf(0x0a, start);
        if (nl < 0) break;
        // Accept bare LF as well as CRLF; strip the CR when present.
        const end = nl > start && buffer[nl - 1] === 0x0d ? nl - 1 : nl;
        const line = buffer.subarray(start, end);
        start = nl + 1;
        if (dataLines) onDataLine(line);
        else onCommand(line);
      }
      buffer = buffer.subarray(start);
      if (!dataLines && buffer.length > MAX_LINE) {
        reply("500 5.5.6 Line too long");
        socket.destroy();
      }
    });

    reply("220 sendguard-test-sink ESMTP");
  }
}
