// Betti's dashboard strategy: `strategy: {type: custom:betti, layout: mirror | family}`.
// The views are built by Home Assistant (websocket command `betti/dashboard`) from the
// profiles this user may see and their entities, so this file only asks for them.
// Home Assistant regenerates the dashboard when the entity registry changes.

import { BettiHealthCard } from "./betti-health-card.js";
import { listInPicker } from "./betti-picker.js";

const PREFIX = "ll-strategy-dashboard-";

const strategy = (defaultLayout) =>
  class extends HTMLElement {
    static async generate(config, hass) {
      return hass.callWS({ type: "betti/dashboard", layout: config.layout || defaultLayout });
    }
  };
const STRATEGIES = {
  betti: strategy("mirror"),
  "betti-family": strategy("family"),
};

// Listed under "Community dashboards" when someone adds a dashboard by hand.
listInPicker("customStrategies", { type: "betti", strategyType: "dashboard" }, "dashboard_mirror_title", "picker_mirror_description");
listInPicker("customStrategies", { type: "betti-family", strategyType: "dashboard" }, "dashboard_family_title", "picker_family_description");

// Loaded as an extra module, this can run before the frontend has swapped in its own
// element registry (window.customElements) while it starts; a strategy defined only in
// the first registry is then never found. So define it in whichever registry is current,
// checking for a while after the page loads.
let registry;
const define = () => {
  if (window.customElements === registry) return;
  registry = window.customElements;
  for (const [type, element] of Object.entries(STRATEGIES)) {
    if (!registry.get(PREFIX + type)) registry.define(PREFIX + type, element);
  }
  // The card private profiles' views use; a class can be defined in one registry only.
  if (!registry.get("betti-health-card")) registry.define("betti-health-card", class extends BettiHealthCard {});
};
define();
const watch = setInterval(define, 100);
setTimeout(() => clearInterval(watch), 30000);
