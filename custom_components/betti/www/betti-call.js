// Betti video calls, the elements (ES modules, no build step):
//  - <betti-call-card>: the Lovelace card (custom:betti-call-card) for the mirror and phones;
//  - <betti-guest-call>: the page a guest opens from a call link.
// Both run calls through CallSession: over Home Assistant's websocket (the card) or Betti's
// guest socket (the page); the two speak the same message shapes.
import { CallSession, SignalSocket } from "./betti-call-core.js";
import { listInPicker } from "./betti-picker.js";

const ENDED_MS = 4000;

const STYLE = `
  :host { display: block; color: var(--primary-text-color, #212121);
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border: 1px solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
    border-radius: var(--ha-card-border-radius, 12px); }
  .wrap { position: relative; min-height: 260px; padding: 16px; box-sizing: border-box;
    display: flex; flex-direction: column; gap: 16px; align-items: stretch; justify-content: center;
    font: 22px/1.3 var(--paper-font-body1_-_font-family, system-ui, sans-serif); }
  .title { font-size: 30px; text-align: center; }
  .buttons { display: flex; gap: 16px; flex-wrap: wrap; justify-content: center; }
  button { flex: 1 1 180px; min-height: 80px; font-size: 28px; border: 0; border-radius: 16px;
    color: #fff; cursor: pointer; background: #1976d2; }
  button.answer { background: #2e7d32; }
  button.decline, button.hangup { background: #c62828; }
  video.remote { width: 100%; max-height: 70vh; background: #000; border-radius: 12px; }
  video.self { position: absolute; right: 24px; top: 24px; width: 28%; max-width: 220px;
    border-radius: 8px; border: 2px solid #fff; background: #000; }
  .ringing .title { animation: pulse 1s infinite alternate; }
  @keyframes pulse { from { opacity: 1; } to { opacity: .5; } }
`;

// What both elements show: idle actions, an incoming ring, a call, or why it ended.
// Their words come from Betti's translations in the household's language (`texts`: the
// card asks betti/call/texts, the guest page carries them), none are written here.
class CallView extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.view = "idle";
  }

  say(key, name = "") {
    return (this.texts?.[key] ?? "").replace("{name}", name);
  }

  _button(label, className, action) {
    const button = document.createElement("button");
    button.textContent = label;
    button.className = className;
    button.addEventListener("click", action);
    return button;
  }

  _render(title, buttons, videos = false) {
    const wrap = document.createElement("div");
    wrap.className = `wrap ${this.view}`;
    const heading = document.createElement("div");
    heading.className = "title";
    heading.textContent = title;
    wrap.append(heading);
    if (videos && this.session) {
      const remote = document.createElement("video");
      remote.className = "remote";
      remote.autoplay = remote.playsInline = true;
      remote.srcObject = this.session.remoteStream || null;
      const self = document.createElement("video");
      self.className = "self";
      self.autoplay = self.playsInline = self.muted = true;
      self.srcObject = this.session.stream || null;
      wrap.append(remote, self);
    }
    const row = document.createElement("div");
    row.className = "buttons";
    row.append(...buttons);
    wrap.append(row);
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.shadowRoot.replaceChildren(style, wrap);
  }

  async _call(connection, command) {
    this.session = new CallSession(connection, (state, detail) => this._sessionChanged(state, detail));
    try {
      await this.session.start(command);
    } catch (err) {
      this.session = undefined;
      this._ended(err?.key ? this.say(err.key) : err?.message || this.say("could_not_start"));
    }
  }

  _sessionChanged(state, detail) {
    if (state === "ended") {
      this._ended(this.say(`ended_${detail}`));
      return;
    }
    this.view = state;
    this.render();
  }

  _ended(message) {
    this.view = "ended";
    this.endedMessage = message;
    this.render();
    clearTimeout(this.endedTimer);
    this.endedTimer = setTimeout(() => this._idle(), ENDED_MS);
  }

  _inCall() {
    const name = this.session.peerName || "";
    const title = { calling: this.say("calling", name), connecting: this.say("connecting", name), connected: name }[this.view] || "";
    this._render(title, [this._button(this.say("hang_up"), "hangup", () => this.session.hangUp())], true);
  }
}

class BettiCallCard extends CallView {
  static getStubConfig() {
    return { person: "", contacts: [] };
  }

  setConfig(config) {
    this.config = { contacts: [], ...config };
  }

  getCardSize() {
    return 6;
  }

  set hass(hass) {
    const first = !this._hass;
    this._hass = hass;
    if (first) {
      this._watch();
      hass.connection.sendMessagePromise({ type: "betti/call/texts" }).then((texts) => {
        this.texts = texts;
        this.render();
      });
    }
  }

  _name(entityId) {
    return this._hass.states[entityId]?.attributes.friendly_name || entityId;
  }

  async _watch() {
    if (!this.config.person) return;
    this.rings = new Map();
    await this._hass.connection.subscribeMessage(
      (event) => {
        if (event.type === "dial") {
          // "Call Bob" said to Assist: call as if the button were pressed, unless busy.
          if (this.view === "idle") this._call(this._hass.connection, { type: "betti/call/start", person: event.person });
          return;
        }
        if (event.type === "ring") this.rings.set(event.room_id, event.caller);
        else this.rings.delete(event.room_id);
        this._ring();
        if (this.view === "idle" || this.view === "ringing") this._idle();
      },
      { type: "betti/call/watch", person: this.config.person },
    );
  }

  _ring() {
    // A soft two-tone ring while a call waits; browsers may keep it silent until tapped.
    clearInterval(this.ringTimer);
    if (!this.rings.size || (this.view !== "idle" && this.view !== "ringing")) return;
    const beep = () => {
      try {
        const audio = (this.audio ||= new AudioContext());
        for (const [i, hz] of [[0, 660], [1, 880]]) {
          const osc = audio.createOscillator();
          osc.frequency.value = hz;
          osc.connect(audio.destination);
          osc.start(audio.currentTime + i * 0.4);
          osc.stop(audio.currentTime + i * 0.4 + 0.3);
        }
      } catch (err) {
        clearInterval(this.ringTimer);
      }
    };
    beep();
    this.ringTimer = setInterval(beep, 2500);
  }

  _idle() {
    this.view = this.rings?.size ? "ringing" : "idle";
    if (this.view === "idle") clearInterval(this.ringTimer);
    this.render();
  }

  render() {
    if (!this._hass || !this.config || !this.texts) return;
    const connection = this._hass.connection;
    if (this.view === "ringing") {
      const [roomId, caller] = this.rings.entries().next().value;
      this._render(this.say("is_calling", caller), [
        this._button(this.say("answer"), "answer", () => {
          clearInterval(this.ringTimer);
          this._call(connection, { type: "betti/call/accept", room_id: roomId });
        }),
        this._button(this.say("decline"), "decline", () =>
          connection.sendMessagePromise({ type: "betti/call/decline", room_id: roomId }).catch(() => {}),
        ),
      ]);
    } else if (this.view === "ended") {
      this._render(this.endedMessage, []);
    } else if (this.view === "idle") {
      this._render(
        // With no one to call (the mirror of a one-person household) it only waits for calls.
        this.config.title || this.say(this.config.contacts.length ? "video_call" : "calls_ring_here"),
        this.config.contacts.map((person) =>
          this._button(this.say("call", this._name(person)), "call", () => this._call(connection, { type: "betti/call/start", person })),
        ),
      );
    } else {
      this._inCall();
    }
  }
}

class BettiGuestCall extends CallView {
  connectedCallback() {
    this.texts = JSON.parse(this.dataset.texts || "{}");
    this.render();
  }

  async _start() {
    this.view = "starting";
    this.render();
    // Pressing Call is what uses the link up; opening the page does not.
    const response = await fetch(location.pathname, { method: "POST" });
    const body = await response.json();
    if (!response.ok) {
      this._ended(body.message);
      return;
    }
    try {
      this.socket = await SignalSocket.open(body.websocket, body.token);
    } catch (err) {
      this._ended(err.key ? this.say(err.key) : err.message);
      return;
    }
    await this._call(this.socket, { type: "betti/call/start" });
  }

  _idle() {
    this.view = "done";
    this.render();
  }

  render() {
    const callee = this.dataset.callee;
    if (this.view === "idle") {
      this._render(this.say("hello", this.dataset.guest), [this._button(this.say("call", callee), "call", () => this._start())]);
    } else if (this.view === "starting") {
      this._render(this.say("starting"), []);
    } else if (this.view === "ended" || this.view === "done") {
      this._render(this.endedMessage || this.say("ended_hangup"), []);
    } else {
      this._inCall();
    }
  }
}

customElements.define("betti-call-card", BettiCallCard);
customElements.define("betti-guest-call", BettiGuestCall);
listInPicker("customCards", { type: "betti-call-card" }, "picker_call_card_name", "picker_call_card_description");
