// Betti's health card (custom:betti-health-card): a private profile's values, which are in
// no entity. It asks Betti (websocket `betti/health/subscribe`) as the signed-in user, so
// only the person, the users the profile is shared with and administrators get them, and
// it redraws whenever they change. Config: {config_entry_id, part}, part one of
// alerts | doses | vitals | today | adherence | appointments.

const STYLE = `
  :host { display: block; }
  ha-card { padding: 12px 16px; font-size: 1.1em; }
  .alert { background: var(--error-color, #c62828); color: #fff; border-radius: 12px;
    padding: 12px 16px; margin: 4px 0; font-size: 1.3em; }
  .row { display: flex; justify-content: space-between; gap: 12px; padding: 6px 0;
    border-bottom: 1px solid var(--divider-color, #e0e0e0); }
  .row:last-child { border-bottom: 0; }
  .value { font-weight: 600; text-align: right; }
  .muted { color: var(--secondary-text-color, #727272); font-size: .9em; }
  label { display: flex; gap: 12px; align-items: center; padding: 6px 0; cursor: pointer; }
  input { width: 28px; height: 28px; }
  svg { width: 100%; height: 48px; }
  polyline { fill: none; stroke: var(--primary-color, #03a9f4); stroke-width: 2;
    vector-effect: non-scaling-stroke; }
`;
const SVG = "http://www.w3.org/2000/svg";
const ADHERENCE = ["doses_left_today", "adherence_7d", "adherence_30d"];
const ISO = /^\d{4}-\d\d-\d\dT/;

const when = (iso) =>
  new Date(iso).toLocaleString([], { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
const shown = (value) => (typeof value === "string" && ISO.test(value) ? when(value) : String(value));

export class BettiHealthCard extends HTMLElement {
  setConfig(config) {
    if (!config.config_entry_id || !config.part) throw new Error("config_entry_id and part are required");
    this.config = config;
  }

  set hass(hass) {
    this._hass = hass;
    if (this._subscribed) return;
    this._subscribed = hass.connection.subscribeMessage((data) => this._show(data), {
      type: "betti/health/subscribe",
      config_entry_id: this.config.config_entry_id,
    });
    this._subscribed.catch((err) => this._show(null, err.message));
  }

  disconnectedCallback() {
    this._subscribed?.then((unsubscribe) => unsubscribe()).catch(() => {});
    this._subscribed = undefined;
  }

  getCardSize() {
    return 3;
  }

  _el(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  _row(name, value, detail) {
    const row = this._el("div", "row");
    const left = this._el("div", "", name);
    if (detail) left.append(this._el("div", "muted", detail));
    row.append(left, this._el("div", "value", value));
    return row;
  }

  _sensorRows(rows) {
    return rows
      .filter((row) => row.value !== null && row.value !== undefined)
      .map((row) => this._row(row.name, `${shown(row.value)}${row.unit ? ` ${row.unit}` : ""}`, row.attributes?.note));
  }

  _dose(dose) {
    const label = this._el("label");
    const box = this._el("input");
    box.type = "checkbox";
    box.checked = dose.done;
    box.addEventListener("change", () =>
      this._hass.callService("betti", "mark_dose", {
        config_entry_id: this.config.config_entry_id,
        medication_id: dose.medication_id,
        due: dose.due,
        status: box.checked ? "taken" : "reset",
        source: "mirror",
      }),
    );
    const text = this._el("div", "", dose.summary);
    text.append(this._el("div", "muted", dose.description || ""));
    label.append(box, text);
    return label;
  }

  // A week of daily means as a line: what the graphs of a profile with statistics show.
  _trend(trend, vitals) {
    const name = vitals.find((row) => row.key === trend.key)?.name || trend.key;
    const means = trend.days.map((day) => day.mean);
    const [low, high] = [Math.min(...means), Math.max(...means)];
    const box = this._el("div", "trend");
    box.append(this._row(`${name}, 7 days`, `${low}–${high} ${trend.unit}`));
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 100 20");
    svg.setAttribute("preserveAspectRatio", "none");
    const line = document.createElementNS(SVG, "polyline");
    const x = (i) => (means.length > 1 ? (i * 100) / (means.length - 1) : 50);
    const y = (mean) => (high > low ? 18 - ((mean - low) * 16) / (high - low) : 10);
    line.setAttribute("points", means.map((mean, i) => `${x(i)},${y(mean)}`).join(" "));
    svg.append(line);
    box.append(svg);
    return box;
  }

  _appointment(event) {
    return this._row(event.summary, when(event.start), [event.location, event.description].filter(Boolean).join(" · "));
  }

  _content(data) {
    const part = this.config.part;
    if (part === "alerts") return data.alerts.map((message) => this._el("div", "alert", message));
    if (part === "doses") {
      const next = data.medications.find((row) => row.key === "next_dose");
      const items = data.doses.map((dose) => this._dose(dose));
      if (next?.attributes) items.push(this._row(next.name, shown(next.value), next.attributes.medication));
      return items;
    }
    if (part === "vitals") return [...this._sensorRows(data.vitals), ...data.trends.map((trend) => this._trend(trend, data.vitals))];
    if (part === "adherence") return this._sensorRows(data.medications.filter((row) => ADHERENCE.includes(row.key)));
    if (part === "appointments") return data.appointments.map((event) => this._appointment(event));
    if (part === "today") {
      const progress = data.nutrition.filter((row) => row.key.endsWith("progress"));
      return [...data.appointments.slice(0, 1).map((event) => this._appointment(event)), ...this._sensorRows(progress)];
    }
    return [];
  }

  _show(data, error) {
    if (!this.shadowRoot) this.attachShadow({ mode: "open" });
    const content = error ? [this._el("div", "muted", error)] : this._content(data);
    this.style.display = content.length ? "" : "none"; // nothing to say: no empty card
    const card = this._el("ha-card");
    card.append(...content);
    this.shadowRoot.replaceChildren(Object.assign(this._el("style"), { textContent: STYLE }), card);
  }
}

window.customCards = window.customCards || [];
window.customCards.push({
  type: "betti-health-card",
  name: "Betti health",
  description: "A private Betti profile's values, shown only to the person, those it is shared with and admins.",
});
