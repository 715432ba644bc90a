// Betti's health card (custom:betti-health-card): a profile's values as the signed-in user
// may see them. It asks Betti (websocket `betti/health/subscribe`), so only the person, the
// users the profile is shared with and administrators get them, and it redraws whenever
// they change. Private profiles' values are in no entity, so their views show them only
// here; the mirror uses it for everyone's medicines, alerts and help button, in large type
// with the words Betti sends in HA's language. Config: {config_entry_id, part[, entity]},
// part one of alerts | medicines | help | vitals | today | adherence | appointments |
// notifications (help: `entity`, the profile's call-for-help button). Alerts also carry the
// day's "pushes held back" notices; notifications: the last pushes, failed or held ones marked.

import { listInPicker } from "./betti-picker.js";

const STYLE = `
  :host { display: block; }
  ha-card { padding: 12px 16px; font-size: 1.1em; }
  h2 { margin: 4px 0 8px; font-size: var(--ha-font-size-2xl, 24px); font-weight: 500; }
  /* Alerts and the help button are the card itself: red, and wrapping, never cut short. */
  ha-card.bare { padding: 0; background: none; border: 0; }
  .alert { background: #b71c1c; color: #fff; border-radius: 12px; padding: 12px 16px;
    margin: 0 0 8px; font-size: var(--ha-font-size-xl, 20px); line-height: 1.25;
    overflow-wrap: anywhere; }
  .alert:last-child { margin-bottom: 0; }
  .alert.held { background: #e65100; }
  .row.problem .value { color: var(--error-color, #db4437); font-weight: 700; }
  .alert p { margin: 6px 0 0; font-size: var(--ha-font-size-l, 16px); }
  button { font: inherit; font-size: var(--ha-font-size-xl, 20px); border-radius: 12px;
    padding: 8px 20px; border: 2px solid currentColor; cursor: pointer; margin: 8px 12px 0 0;
    color: inherit; background: transparent; }
  button.help { width: 100%; margin: 0; padding: 20px; background: #b71c1c; color: #fff;
    border: 0; font-size: var(--ha-font-size-3xl, 28px); }
  .dose { display: grid; grid-template-columns: auto 1fr auto; column-gap: 16px;
    align-items: center; padding: 8px 0; border-bottom: 1px solid var(--divider-color, #e0e0e0);
    cursor: pointer; line-height: 1.2; }
  .dose:last-child { border-bottom: 0; }
  .dose input { width: 48px; height: 48px; grid-row: span 2; margin: 0; }
  .dose .name, .dose .time { font-size: var(--ha-font-size-2xl, 24px); font-weight: 600; }
  .dose .status { grid-column: 2 / 4; font-size: var(--ha-font-size-l, 16px); }
  .dose.due .status, .dose.missed .status { color: #ff8a80; font-weight: 600; }
  .dose.done .name, .dose.done .time { color: var(--secondary-text-color, #727272); }
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
  .gauges { display: flex; gap: 12px; padding: 8px 0; }
  .gauge { flex: 1; text-align: center; }
  .gauge svg { height: auto; }
  .gauge path { fill: none; stroke-width: 10; }
  .gauge .track { stroke: var(--divider-color, #e0e0e0); }
  .gauge .level { stroke: var(--primary-color, #03a9f4); }
  .gauge text { font: inherit; font-size: 18px; font-weight: 600; fill: currentColor; }
`;
const SVG = "http://www.w3.org/2000/svg";
const ADHERENCE = ["doses_left_today", "adherence_7d", "adherence_30d"];
// The mirror's gauges: water, food energy and steps against today's goals.
const GAUGES = ["water_today_progress", "energy_today_progress", "steps_progress"];
const ISO = /^\d{4}-\d\d-\d\dT/;

// In HA's language and time zone, not the browser's: a carer abroad reads the household's hours.
const stamp = (hass, iso, options) =>
  new Date(iso).toLocaleString(hass.locale?.language || hass.language || [], {
    timeZone: hass.config?.time_zone,
    hour12: { 12: true, 24: false }[hass.locale?.time_format],
    ...options,
  });
const when = (hass, iso) =>
  stamp(hass, iso, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
const clock = (hass, iso) => stamp(hass, iso, { weekday: "short", hour: "2-digit", minute: "2-digit" });
const shown = (hass, value) => (typeof value === "string" && ISO.test(value) ? when(hass, value) : String(value));

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
      .map((row) => this._row(row.name, `${shown(this._hass, row.value)}${row.unit ? ` ${row.unit}` : ""}`, row.attributes?.note));
  }

  // One tap on the row ticks the dose taken (again: not taken after all).
  _dose(dose) {
    const label = this._el("label", `dose${dose.done ? " done" : ""}`);
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
    const status = [dose.status, dose.amount].filter(Boolean).join(" · ");
    label.append(box, this._el("span", "name", dose.name), this._el("span", "time", dose.time), this._el("span", "status", status));
    if (!dose.done) label.classList.add(dose.status === this._texts.take_now ? "due" : dose.status === this._texts.missed ? "missed" : "later");
    return label;
  }

  _alert(alert) {
    const box = this._el("div", "alert", alert.message);
    box.append(this._el("p", "", this._texts[`alert_do_${alert.source}`] || this._texts.alert_do));
    const ack = this._el("button", "", this._texts.acknowledge);
    ack.addEventListener("click", () =>
      this._hass.callService("betti", "acknowledge_alert", { config_entry_id: this.config.config_entry_id }),
    );
    box.append(ack);
    return box;
  }

  // Asks once, in the card and in its type size (no dialog), so wiping the glass is no alarm.
  _help() {
    if (this._helpState === "asking") {
      const yes = this._el("button", "", this._texts.call_for_help_yes);
      const no = this._el("button", "", this._texts.call_for_help_no);
      yes.addEventListener("click", () => {
        this._hass.callService("button", "press", { entity_id: this.config.entity });
        this._redraw("sent");
        setTimeout(() => this._redraw(undefined), 30000);
      });
      no.addEventListener("click", () => this._redraw(undefined));
      return [this._el("div", "alert", this._texts.call_for_help_confirm), yes, no];
    }
    if (this._helpState === "sent") {
      return [this._el("div", "alert", this._texts.help_on_its_way)];
    }
    const ask = this._el("button", "help", this._texts.call_for_help);
    ask.addEventListener("click", () => this._redraw("asking"));
    return [ask];
  }

  _redraw(helpState) {
    this._helpState = helpState;
    this._show(this._data);
  }

  // A week of daily means as a line: what the graphs of a profile with statistics show.
  _trend(trend, vitals) {
    const name = vitals.find((row) => row.key === trend.key)?.name || trend.key;
    const means = trend.days.map((day) => day.mean);
    if (means.length < 2) return []; // one point draws no line
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

  // Today's progress as the gauges a profile with entities shows: a half circle up to 100 %.
  _gauges(rows) {
    const box = this._el("div", "gauges");
    for (const row of rows.filter((row) => typeof row.value === "number")) {
      const gauge = this._el("div", "gauge");
      const svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", "0 0 100 60");
      for (const [name, share] of [["track", 100], ["level", Math.max(0, Math.min(row.value, 100))]]) {
        const arc = document.createElementNS(SVG, "path");
        arc.setAttribute("d", "M 10 52 A 40 40 0 0 1 90 52");
        arc.setAttribute("class", name);
        arc.setAttribute("pathLength", "100");
        arc.setAttribute("stroke-dasharray", `${share} 100`);
        svg.append(arc);
      }
      const value = document.createElementNS(SVG, "text");
      value.setAttribute("x", "50");
      value.setAttribute("y", "50");
      value.setAttribute("text-anchor", "middle");
      value.textContent = `${Math.round(row.value)} %`;
      svg.append(value);
      gauge.append(svg, this._el("div", "muted", row.name));
      box.append(gauge);
    }
    return box.children.length ? [box] : [];
  }

  // What Betti sent, to whom and what became of it; a failed or held-back push stands out.
  _notifications(data) {
    const rows = [
      ...data.held.map((text) => this._el("p", "", text)),
      ...data.notifications.map((push) => {
        const row = this._row(push.what, push.status, `${clock(this._hass, push.at)} · ${push.to}`);
        if (push.problem) row.classList.add("problem");
        return row;
      }),
    ];
    return rows.length ? [this._el("h2", "", data.texts.notifications), ...rows] : [];
  }

  _appointment(event) {
    return this._row(event.summary, when(this._hass, event.start), [event.location, event.description].filter(Boolean).join(" · "));
  }

  _content(data) {
    const part = this.config.part;
    this._texts = data.texts;
    if (part === "alerts")
      return [...data.held.map((text) => this._el("div", "alert held", text)), ...data.alerts.map((alert) => this._alert(alert))];
    if (part === "notifications") return this._notifications(data);
    if (part === "medicines") {
      const doses = data.doses.map((dose) => this._dose(dose));
      return doses.length ? [this._el("h2", "", data.texts.medicines), ...doses] : [];
    }
    if (part === "help") return this._help();
    if (part === "vitals") return [...this._sensorRows(data.vitals), ...data.trends.flatMap((trend) => this._trend(trend, data.vitals))];
    if (part === "adherence") {
      // Every figure, as the tiles of a profile with entities: a dash until there is one.
      const rows = data.medications.filter((row) => ADHERENCE.includes(row.key));
      return this._sensorRows(rows.map((row) => (row.value === null ? { ...row, value: "–", unit: null } : row)));
    }
    if (part === "appointments") return data.appointments.map((event) => this._appointment(event));
    if (part === "today") {
      const progress = GAUGES.map((key) => data.nutrition.find((row) => row.key === key)).filter(Boolean);
      return [...data.appointments.slice(0, 1).map((event) => this._appointment(event)), ...this._gauges(progress)];
    }
    return [];
  }

  _show(data, error) {
    this._data = data;
    if (!this.shadowRoot) this.attachShadow({ mode: "open" });
    const content = error ? [this._el("div", "muted", error)] : this._content(data);
    this.style.display = content.length ? "" : "none"; // nothing to say: no empty card
    const card = this._el("ha-card", ["alerts", "help"].includes(this.config.part) ? "bare" : "");
    card.append(...content);
    this.shadowRoot.replaceChildren(Object.assign(this._el("style"), { textContent: STYLE }), card);
  }
}

listInPicker("customCards", { type: "betti-health-card" }, "picker_health_card_name", "picker_health_card_description");
