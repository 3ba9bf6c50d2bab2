// Fills the notice window from its URL fragment (already localised by flow.js) and closes it on request.
import { localeOf, t } from "./messages.js";

function readNotice() {
  try {
    return JSON.parse(decodeURIComponent(location.hash.slice(1)));
  } catch {
    return {};
  }
}

const notice = readNotice();
const locale = localeOf(notice.locale ?? navigator.language);
document.documentElement.lang = locale;
const text = (id, value) => {
  document.getElementById(id).textContent = value ?? "";
};
text("title", notice.title ?? t(locale, "notice.window_title"));
document.getElementById("title").className = notice.kind === "unchecked" ? "unchecked" : "stopped";
document.body.dataset.kind = notice.kind ?? "";
document.body.dataset.code = notice.code ?? "";
text("reason", notice.reason);
text("note", notice.note);
text("what-to-do", notice.what_to_do ?? t(locale, "notice.what_to_do"));
text("fix", notice.fix);
text("close", notice.close ?? t(locale, "notice.close"));
document.title = `${t(locale, "notice.window_title")}: ${notice.title ?? ""}`;
const close = document.getElementById("close");
close.addEventListener("click", () => window.close());
document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") window.close();
});
close.focus();
