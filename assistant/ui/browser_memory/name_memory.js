// Crisis Desk: the sidebar name survives a refresh (kept in this browser's localStorage).
const KEY = "crisis-desk.name";

export default function (component) {
  const { data, setStateValue } = component;
  const g = (window.__crisisDeskName = window.__crisisDeskName || {});
  const stored = window.localStorage.getItem(KEY) || "";
  if (data.name) {
    g.seen = true;
    if (data.name !== stored) window.localStorage.setItem(KEY, data.name);
  } else if (g.seen) {
    window.localStorage.removeItem(KEY);  // the name was cleared on purpose
  } else if (stored && !g.offered) {
    g.offered = true;  // once per page load
    setStateValue("name", stored);
  }
}
