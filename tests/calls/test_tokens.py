"""Guest tokens and the rate limit, without Home Assistant."""

import pytest

from custom_components.betti.calls.tokens import (
    LINK,
    SESSION,
    RateLimit,
    TokenError,
    sign,
    verify,
)

SECRET = b"s" * 32


def test_a_token_carries_its_claims_until_it_expires() -> None:
    token = sign(SECRET, SESSION, 1000, r="room", n="Tom")
    assert verify(SECRET, SESSION, token, 999) == {"r": "room", "n": "Tom"}
    with pytest.raises(TokenError, match="expired"):
        verify(SECRET, SESSION, token, 1000)


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),  # signature
        lambda token: "e30" + token[3:],  # payload
        lambda token: token.replace(".", ""),
        lambda _: "",
    ],
)
def test_an_altered_token_is_refused(forge: object) -> None:
    token = sign(SECRET, LINK, 1000, l="link")
    with pytest.raises(TokenError, match="invalid"):
        verify(SECRET, LINK, forge(token), 0)  # type: ignore[operator]


def test_a_token_is_scoped_to_its_kind_and_secret() -> None:
    link = sign(SECRET, LINK, 1000, l="link")
    with pytest.raises(
        TokenError, match="invalid"
    ):  # a link is not a signaling session
        verify(SECRET, SESSION, link, 0)
    with pytest.raises(TokenError, match="invalid"):  # another household's secret
        verify(b"x" * 32, LINK, link, 0)


def test_rate_limit_allows_a_burst_then_refills() -> None:
    limit = RateLimit(burst=3, per_minute=6)
    assert [limit.allow("1.2.3.4", 0) for _ in range(4)] == [True, True, True, False]
    assert limit.allow("5.6.7.8", 0)  # each address has its own bucket
    assert not limit.allow("1.2.3.4", 5)
    assert limit.allow("1.2.3.4", 10)  # one request back every 10 s
