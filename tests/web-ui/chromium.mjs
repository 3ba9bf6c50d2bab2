// Debian's Chromium for the browser tests, never a downloaded one: where it is and how it is
// started (headless, quiet, and offline apart from the test's own servers).

export const CHROMIUM = process.env.SENDGUARD_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
