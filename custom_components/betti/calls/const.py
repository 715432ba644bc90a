"""Names the call modules share."""

from typing import Final

CONF_CALL_NOTIFY: Final = "call_notify"
CONF_CALL_OPEN_PATH: Final = "call_open_path"
CONF_TURN_URLS: Final = "turn_urls"
CONF_TURN_USERNAME: Final = "turn_username"
CONF_TURN_CREDENTIAL: Final = "turn_credential"

# Dispatcher signal per profile (config entry id): (event type, attributes).
SIGNAL_CALL: Final = "betti_call_{}"
CALL_EVENTS: Final = ("ringing", "answered", "missed", "declined")

URL_STATIC: Final = "/betti/static"
CARD_FILE: Final = "betti-call.js"
URL_LINK: Final = "/api/betti/call/link"
URL_GUEST_WS: Final = "/api/betti/call/guest/ws"
# The call elements' words: exceptions.call_card_* in the translations.
CARD_TEXTS: Final = "call_card_"
