// Betti's dashboard strategy: `strategy: {type: custom:betti, layout: mirror | family}`.
// The views are built by Home Assistant (websocket command `betti/dashboard`) from the
// profiles this user may see and their entities, so this file only asks for them.
// Home Assistant regenerates the dashboard when the entity registry changes.

const TAG = "ll-strategy-dashboard-betti";

class BettiDashboardStrategy extends HTMLElement {
  static async generate(config, hass) {
    return hass.callWS({ type: "betti/dashboard", layout: config.layout || "mirror" });
  }
}

// Loaded as an extra module, this can run before the frontend has swapped in its own
// element registry (window.customElements) while it starts; a strategy defined only in
// the first registry is then never found. So define it in whichever registry is current,
// checking for a while after the page loads.
let registry;
const define = () => {
  if (window.customElements === registry) return;
  registry = window.customElements;
  if (!registry.get(TAG)) registry.define(TAG, BettiDashboardStrategy);
};
define();
const watch = setInterval(define, 100);
setTimeout(() => clearInterval(watch), 30000);
