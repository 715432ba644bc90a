// Betti's entries in HA's card and dashboard pickers (window.customCards and
// window.customStrategies), which an administrator reads when adding one. Their name and
// description come from Betti's translations, in the language HA's frontend is shown in
// (hass.language; it sets <html lang> whenever someone picks another), as HA's own are.
// The pickers read the entries when they open, so filling them in place is enough.

const PREFIX = "component.betti.exceptions.";
const listed = []; // [entry, name key, description key]
let shown; // the language the entries are in, or being fetched in

// The frontend's root element once it is connected; never on a page without it (a guest's).
const frontend = new Promise((resolve) => {
  const look = () => {
    const root = document.querySelector("home-assistant");
    if (root?.hass?.connection) resolve(root);
    else if (root || document.readyState !== "complete") setTimeout(look, 250);
  };
  look();
});

const translate = async () => {
  const { hass } = await frontend;
  const language = hass.language;
  if (language === shown) return;
  shown = language;
  const { resources } = await hass.callWS({
    type: "frontend/get_translations",
    language,
    category: "exceptions",
    integration: ["betti"],
  });
  if (language !== shown) return; // another language was picked meanwhile
  for (const [entry, nameKey, descriptionKey] of listed) {
    entry.name = resources[`${PREFIX}${nameKey}.message`];
    entry.description = resources[`${PREFIX}${descriptionKey}.message`];
  }
};

new MutationObserver(translate).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ["lang"],
});

// Add `entry` to the picker `list` ("customCards" or "customStrategies"), named by the
// texts under these keys of Betti's translations.
export const listInPicker = (list, entry, nameKey, descriptionKey) => {
  window[list] = window[list] || [];
  window[list].push(entry);
  listed.push([entry, nameKey, descriptionKey]);
  shown = undefined; // this entry has no words yet
  translate();
};
