"""The page a guest opens from a call link, and the request that turns the link into a call.

Opening the page (GET) uses nothing up: chat apps fetch links to draw previews, and that
must not burn a single-use link. Pressing "Call" POSTs, which marks the link used and
returns a session token that lets this one browser signal in this one room.
"""

from datetime import timedelta
from html import escape
from http import HTTPStatus
import json

from aiohttp import web
from homeassistant.core import HomeAssistant
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util import dt as dt_util

from ..db.calls import CallLink, find_link, use_link
from ..household.database import DATA_DATABASE
from ..notifications.texts import text, texts_under
from .const import CARD_FILE, CARD_TEXTS, URL_GUEST_WS, URL_LINK, URL_STATIC
from .manager import DATA_CALLS, CallManager, now
from .rooms import CallError
from .tokens import LINK, SESSION, TokenError, sign, verify

SESSION_TTL = timedelta(hours=1)
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

# The status per reason a link cannot be used; what the guest is told is translated
# (``guest_<reason>_title`` and ``_advice``), in the household's language.
PROBLEMS: dict[str, HTTPStatus] = {
    "invalid": HTTPStatus.NOT_FOUND,
    "expired": HTTPStatus.GONE,
    "used": HTTPStatus.GONE,
    "unavailable": HTTPStatus.NOT_FOUND,
    "rate_limited": HTTPStatus.TOO_MANY_REQUESTS,
}

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>
body {{ margin: 0; font: 20px/1.4 system-ui, sans-serif; background: #111; color: #eee; }}
main {{ max-width: 960px; margin: 0 auto; padding: 24px; }}
h1 {{ font-size: 28px; }}
</style></head>
<body><main>{body}</main></body></html>
"""


class LinkProblemError(Exception):
    """A link that cannot be used, by a key of PROBLEMS."""

    def __init__(self, reason: str) -> None:
        """Keep which problem to show."""
        super().__init__(reason)
        self.reason = reason


def _page(hass: HomeAssistant, title: str, body: str) -> str:
    return PAGE.format(
        lang=escape(hass.config.language), title=escape(title), body=body
    )


def _problem(hass: HomeAssistant, reason: str) -> tuple[str, str]:
    """Say why the link cannot be used, and what to do: (title, advice)."""
    return text(hass, f"guest_{reason}_title"), text(hass, f"guest_{reason}_advice")


def _problem_page(hass: HomeAssistant, reason: str) -> web.Response:
    title, advice = _problem(hass, reason)
    body = f"<h1>{escape(title)}</h1><p>{escape(advice)}</p>"
    return web.Response(
        text=_page(hass, title, body),
        status=PROBLEMS[reason],
        content_type="text/html",
        headers=HEADERS,
    )


async def _link(request: web.Request, token: str) -> tuple[CallManager, CallLink, str]:
    """Check the rate limit, signature, expiry and single use; return the link and callee."""
    hass = request.app[KEY_HASS]
    calls = hass.data[DATA_CALLS]
    if not calls.guest_limit.allow(request.remote or "", now()):
        raise LinkProblemError("rate_limited")
    try:
        claims = verify(calls.secret, LINK, token, now())
    except TokenError as err:
        raise LinkProblemError(err.reason) from err
    link = await hass.data[DATA_DATABASE].async_read(find_link, claims["l"])
    if link is None:
        raise LinkProblemError("invalid")
    if link.used_at is not None:
        raise LinkProblemError("used")
    try:
        callee = calls.profile(link.profile_id).title
    except CallError as err:
        raise LinkProblemError("unavailable") from err
    return calls, link, callee


class CallLinkView(HomeAssistantView):
    """A guest's call page; no HA login, the signed link is the credential."""

    url = URL_LINK + "/{token}"
    name = "api:betti:call:link"
    requires_auth = False

    async def get(self, request: web.Request, token: str) -> web.Response:
        """Show the call page, or why the link cannot be used."""
        hass = request.app[KEY_HASS]
        try:
            _, link, callee = await _link(request, token)
        except LinkProblemError as problem:
            return _problem_page(hass, problem.reason)
        body = (
            f'<betti-guest-call data-link="{escape(token)}" data-callee="{escape(callee)}"'
            f' data-guest="{escape(link.guest_name)}"'
            f' data-texts="{escape(json.dumps(texts_under(hass, CARD_TEXTS)))}">'
            "</betti-guest-call>"
            f'<script type="module" src="{URL_STATIC}/{CARD_FILE}"></script>'
        )
        return web.Response(
            text=_page(hass, text(hass, "guest_call_title", name=callee), body),
            content_type="text/html",
            headers=HEADERS,
        )

    async def post(self, request: web.Request, token: str) -> web.Response:
        """Use the link up and return a session token for the guest socket."""
        try:
            calls, link, _ = await _link(request, token)
            database = request.app[KEY_HASS].data[DATA_DATABASE]
            try:
                await database.async_write(use_link, link.link_id, dt_util.utcnow())
            except PermissionError as err:  # another request used it a moment ago
                raise LinkProblemError("used") from err
        except LinkProblemError as problem:
            title, advice = _problem(request.app[KEY_HASS], problem.reason)
            return self.json(
                {"error": problem.reason, "message": f"{title}. {advice}"},
                PROBLEMS[problem.reason],
            )
        session = sign(
            calls.secret,
            SESSION,
            now() + SESSION_TTL.total_seconds(),
            r=link.room_id,
            p=link.profile_id,
            n=link.guest_name,
        )
        return self.json({"token": session, "websocket": URL_GUEST_WS}, headers=HEADERS)
