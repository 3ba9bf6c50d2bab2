// Shared by the dialog tests: loading the committed fixtures and scaling a real verdict up to a mass mail.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");
export const fixturesDir = path.join(here, "fixtures");

/** A fixture written by fixtures/regenerate.sh (or a handmade one): `{verdict, draft, options}`. */
export function loadFixture(name) {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, `${name}.json`), "utf8"));
}

/**
 * A mass mail of `count` external recipients over `domainCount` domains, all in To, shaped like
 * the real mass-visible verdict (its findings, messages and suggestion, scaled). The host could
 * make it too, but at 4,500 recipients it is 1.3 MB of JSON that need not live in the repository.
 */
export function massFixture(count, domainCount) {
  const base = loadFixture("mass-visible");
  const recipients = [];
  for (let i = 0; i < count; i++) {
    const domain = `kokyaku-${String(i % domainCount).padStart(3, "0")}.example`;
    recipients.push({
      address: `user${i}@${domain}`,
      name: `顧客 ${i}`,
      field: "to",
      domain,
      domain_ascii: domain,
      internal: false,
      findings: ["recipient.external", "recipient.mass_visible"],
    });
  }
  const targets = recipients.map((r) => ({ kind: "recipient", address: r.address }));
  const findings = base.verdict.findings.map((f) => {
    if (f.id === "recipient.external") {
      return { ...f, message: `社外の宛先が ${count} 件あります（${domainCount} ドメイン）`, targets, evidence: { ...f.evidence, count } };
    }
    if (f.id === "recipient.mass_visible") {
      return {
        ...f,
        message: `社外の宛先 ${count} 件（${domainCount} 組織）が To/Cc で互いのアドレスを見られます。Bcc に移してください`,
        targets,
        evidence: { ...f.evidence, visible_external: count, organizations: domainCount },
        suggestion: { kind: "move_to_bcc", addresses: recipients.map((r) => r.address) },
      };
    }
    return f;
  });
  return {
    verdict: { ...base.verdict, findings, recipients },
    draft: { ...base.draft, to: recipients.map(({ name, address }) => ({ name, address })), cc: [], bcc: [] },
    options: { countdown_seconds: 0 },
  };
}
