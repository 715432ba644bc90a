// Betti's dashboard strategy: `strategy: {type: custom:betti, layout: mirror | family}`.
// The views are built by Home Assistant (websocket command `betti/dashboard`) from the
// profiles this user may see and their entities, so this file only asks for them.
// Home Assistant regenerates the dashboard when the entity registry changes.

class BettiDashboardStrategy extends HTMLElement {
  static async generate(config, hass) {
    return hass.callWS({ type: "betti/dashboard", layout: config.layout || "mirror" });
  }
}

if (!customElements.get("ll-strategy-dashboard-betti")) {
  customElements.define("ll-strategy-dashboard-betti", BettiDashboardStrategy);
}
