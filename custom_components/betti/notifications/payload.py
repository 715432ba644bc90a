"""What a push carries, as the companion apps for iOS and Android read it.

Both apps take one ``data``: the tag that replaces an earlier push, the buttons, the page a tap
opens, and how loudly to interrupt (iOS's interruption level, Android's channel).
"""

from collections.abc import Iterable
from typing import Any

from ..const import DOMAIN

# Android channels: alarms get their own so people can give it a loud sound in Android settings.
CHANNEL_CRITICAL = "Betti alarms"
CHANNEL_DEFAULT = "Betti"

# A push's button: (action id, title), or (URI_ACTION, title, uri) to open a link or dial.
type PushAction = tuple[str, str] | tuple[str, str, str]
URI_ACTION = "URI"  # the companion apps open an action's "uri" only under this id


def _action(action: PushAction) -> dict[str, str]:
    return dict(zip(("action", "title", "uri"), action, strict=False))


def push_data(
    tag: str,
    actions: Iterable[PushAction],
    *,
    critical: bool,
    target: str,
    url: str | None = None,
) -> dict[str, Any]:
    """Build the ``data`` of a push, for both iOS and Android companion apps.

    ``url``: the page a tap on the notification opens.
    """
    return {
        "tag": tag,
        "group": DOMAIN,
        **({"url": url, "clickAction": url} if url else {}),
        "actions": [_action(action) for action in actions],
        # Comes back in the action event, so an acknowledgement says which phone it was.
        "action_data": {"target": target},
        "push": {
            "interruption-level": "critical" if critical else "time-sensitive",
            **(
                {"sound": {"name": "default", "critical": 1, "volume": 1.0}}
                if critical
                else {}
            ),
        },
        "channel": CHANNEL_CRITICAL if critical else CHANNEL_DEFAULT,
        "importance": "high",
        "priority": "high",
        "ttl": 0,
    }
