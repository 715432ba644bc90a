"""Registering a person on a scale's user list, and consenting when downloading."""

import asyncio
from datetime import date, datetime

import pytest

from custom_components.betti.ble.readings import DeviceReading
from custom_components.betti.ble.session import DownloadSession
from custom_components.betti.ble.user_data import (
    PersonData,
    ScaleUser,
    UserControlPoint,
    UserDataError,
)
from custom_components.betti.vitals import Metric

from .fake_device import FakeHealthDevice
from .fake_scale import (
    CHANGE_INCREMENT,
    DATE_OF_BIRTH,
    GENDER,
    HEIGHT,
    USER_CONTROL_POINT,
    FakeUserDataScale,
)
from .frames import WEIGHT

ALICE = PersonData(date(1948, 3, 14), "female", 162.0)
TODAY = date(2026, 3, 1)


def _characteristics(device: FakeHealthDevice) -> set[str]:
    return {
        char.uuid for service in device.services for char in service.characteristics
    }


async def _register(scale: FakeHealthDevice, consent_code: int) -> int:
    control_point = UserControlPoint(timeout=0.2)
    scale.on_disconnect = control_point.on_disconnect
    characteristics = _characteristics(scale)
    await control_point.async_start(scale, characteristics)
    return await control_point.async_register(
        scale, characteristics, consent_code, ALICE, today=TODAY
    )


async def test_registering_gives_the_user_index_and_tells_the_scale_about_her() -> None:
    scale = FakeUserDataScale(users={0: 1111})
    assert await _register(scale, 4821) == 1
    assert scale.users == {0: 1111, 1: 4821}
    assert scale.writes == [
        (USER_CONTROL_POINT, bytes.fromhex("01 d512")),  # register, consent code 4821
        (USER_CONTROL_POINT, bytes.fromhex("02 01 d512")),  # consent for user 1
        (DATE_OF_BIRTH, bytes.fromhex("9c07 03 0e")),
        (GENDER, b"\x01"),
        (HEIGHT, bytes.fromhex("a200")),
        (CHANGE_INCREMENT, bytes.fromhex("07000000")),
    ]


async def test_a_full_scale_says_so() -> None:
    scale = FakeUserDataScale(users={0: 1, 1: 2}, slots=2)
    with pytest.raises(UserDataError) as caught:
        await _register(scale, 4821)
    assert caught.value.reason == "operation_failed"


async def test_a_wrong_consent_code_is_not_authorized() -> None:
    scale = FakeUserDataScale(users={2: 1234})
    control_point = UserControlPoint(timeout=0.2)
    await control_point.async_start(scale, _characteristics(scale))
    with pytest.raises(UserDataError) as caught:
        await control_point.async_consent(scale, ScaleUser(2, 4321))
    assert caught.value.reason == "not_authorized"
    with pytest.raises(UserDataError) as caught:
        await control_point.async_consent(scale, ScaleUser(3, 1234))
    assert caught.value.reason == "invalid_parameter"
    await control_point.async_consent(scale, ScaleUser(2, 1234))
    assert scale.consented == [2]


async def test_a_scale_without_a_user_list_is_not_supported() -> None:
    with pytest.raises(UserDataError) as caught:
        await _register(FakeHealthDevice(), 4821)
    assert caught.value.reason == "not_supported"


async def test_a_silent_or_vanishing_scale_is_an_error_not_a_hang() -> None:
    with pytest.raises(UserDataError) as caught:
        await _register(FakeUserDataScale(answer=False), 4821)
    assert caught.value.reason == "no_answer"

    scale = FakeUserDataScale(answer=False)
    control_point = UserControlPoint(timeout=30)
    scale.on_disconnect = control_point.on_disconnect
    await control_point.async_start(scale, _characteristics(scale))
    consent = asyncio.ensure_future(control_point.async_consent(scale, ScaleUser(0, 1)))
    await asyncio.sleep(0)  # the request is written; the person walks away
    scale._hang_up()
    with pytest.raises(UserDataError) as caught:
        await consent
    assert caught.value.reason == "disconnected"


async def _download(
    scale: FakeUserDataScale, users: list[ScaleUser]
) -> list[DeviceReading]:
    readings: list[DeviceReading] = []

    async def keep(reading: DeviceReading) -> None:
        readings.append(reading)

    session = DownloadSession(quiet=0.1, limit=5)
    scale.on_disconnect = session.on_disconnect
    await session.async_run(
        scale,
        _characteristics(scale),
        keep,
        now=datetime(2026, 3, 1, 7, 45),
        users=users,
    )
    return readings


async def test_download_consents_each_registered_person_in_turn() -> None:
    scale = FakeUserDataScale(
        users={1: 1234, 2: 5678}, weights={1: [61.2], 2: [84.0, 83.6]}
    )
    readings = await _download(scale, [ScaleUser(1, 1234), ScaleUser(2, 5678)])
    assert [(r.user_id, r.values[Metric.WEIGHT]) for r in readings] == [
        (1, 61.2),
        (2, 84.0),
        (2, 83.6),
    ]
    assert scale.consented == [1, 2]


async def test_a_refused_consent_does_not_stop_the_others() -> None:
    scale = FakeUserDataScale(users={1: 1234, 2: 5678}, weights={1: [61.2], 2: [84.0]})
    readings = await _download(scale, [ScaleUser(1, 9999), ScaleUser(2, 5678)])
    assert [r.user_id for r in readings] == [2]


async def test_without_registered_people_nobody_is_consented() -> None:
    scale = FakeUserDataScale(users={1: 1234}, weights={1: [61.2]})
    assert await _download(scale, []) == []
    assert not [write for write in scale.writes if write[0] == USER_CONTROL_POINT]
    assert WEIGHT in _characteristics(scale)
