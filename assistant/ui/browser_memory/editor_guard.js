// Crisis Desk editor guard (Streamlit components v2, runs in the app page; no build step).
// It watches the draft editor (a Streamlit text_area) and
//  - reports what is typed to Python (debounced, on blur and on a timer), so Python
//    autosaves it per draft and per browser tab, even before the text area commits;
//  - keeps a copy in this tab's sessionStorage, offered back after a refresh;
//  - asks before the page is left while the editor holds text not saved as a version;
//  - names this browser tab (an id in sessionStorage: it survives a refresh, a new tab gets its own).
// Streamlit may call this function again on every rerun: everything is attached once.
const DEBOUNCE_MS = 700;
const TIMER_MS = 4000;

function tabId() {
  let id = window.sessionStorage.getItem("crisis-desk.tab");
  if (!id) {
    id = (window.crypto && window.crypto.randomUUID) ? window.crypto.randomUUID()
      : String(Date.now()) + "-" + String(Math.random()).slice(2);
    window.sessionStorage.setItem("crisis-desk.tab", id);
  }
  return id;
}

export default function (component) {
  const { data, setStateValue } = component;
  const g = (window.__crisisDeskEditor = window.__crisisDeskEditor || { restored: {}, seq: 0 });
  g.data = data;
  g.send = setStateValue;
  const tab = tabId();
  const storeKey = (draft) => "crisis-desk.draft." + draft;
  const editor = () => g.data && document.querySelector(".st-key-" + g.data.text_key + " textarea");

  function keep(text) {  // this tab's copy, with the version it was based on
    window.sessionStorage.setItem(storeKey(g.data.draft), JSON.stringify({ text: text, parent: g.data.parent }));
  }

  function report(restore) {
    const d = g.data;
    const box = editor();
    if (!d || !box) return;
    const text = box.value;
    if (!restore && text === g.lastReported[d.draft]) return;
    g.lastReported[d.draft] = text;
    g.seq += 1;
    g.send("report", { tab: tab, draft: d.draft, text: text, parent: d.parent, seq: g.seq, restore: false });
  }
  g.lastReported = g.lastReported || {};

  if (!g.hooked) {
    g.hooked = true;
    document.addEventListener("input", (event) => {
      const box = editor();
      if (!box || event.target !== box) return;
      keep(box.value);
      window.clearTimeout(g.debounce);
      g.debounce = window.setTimeout(() => report(false), DEBOUNCE_MS);
    }, true);
    document.addEventListener("focusout", (event) => {
      const box = editor();
      if (box && event.target === box) report(false);
    }, true);
    window.setInterval(() => report(false), TIMER_MS);
    window.addEventListener("beforeunload", (event) => {
      const box = editor();
      if (!box || !g.data || box.value === g.data.saved_text) return;
      keep(box.value);
      event.preventDefault();
      event.returnValue = "";  // the browser asks: leave the page with unsaved text?
    });
  }
  if (!g.restored[data.draft]) {  // once per page load and draft: offer what this tab held
    g.restored[data.draft] = true;
    let kept = null;
    try { kept = JSON.parse(window.sessionStorage.getItem(storeKey(data.draft)) || "null"); } catch (e) { kept = null; }
    g.seq += 1;
    setStateValue("report", { tab: tab, draft: data.draft, text: kept ? kept.text : null,
                              parent: kept ? kept.parent : null, seq: g.seq, restore: true });
  }
}
