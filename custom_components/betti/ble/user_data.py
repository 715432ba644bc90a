"""A device's user list (User Data Service): register a person, and consent each time.

Scales with the User Data Service send a person's measurements only after the client gave
that person's consent code in the same connection. Registering adds the person to the
scale's list (the scale answers with their user index) and tells the scale their date of
birth, sex and height, which its body composition formulas need.
"""

import asyncio
from dataclasses import dataclass
from datetime import date
import logging
from typing import cast

from bleak.exc import BleakError

from ..gatt import (
    AGE_UUID,
    DATABASE_CHANGE_INCREMENT_UUID,
    DATE_OF_BIRTH_UUID,
    GENDER_UUID,
    HEIGHT_UUID,
    USER_CONTROL_POINT_UUID,
    GattDecodeError,
    Gender,
    UcpOpCode,
    UcpResponse,
    UcpResult,
    decode_database_change_increment,
    decode_user_control_point,
    encode_age,
    encode_consent,
    encode_database_change_increment,
    encode_date_of_birth,
    encode_gender,
    encode_height,
    encode_register_new_user,
)
from .client import GattClient

_LOGGER = logging.getLogger(__name__)

# Why a request failed, as the options flow's error keys name it.
_REASONS = {
    UcpResult.USER_NOT_AUTHORIZED: "not_authorized",
    UcpResult.OPERATION_FAILED: "operation_failed",
    UcpResult.OP_CODE_NOT_SUPPORTED: "not_supported",
    UcpResult.INVALID_PARAMETER: "invalid_parameter",
}
_GENDERS = {"female": Gender.FEMALE, "male": Gender.MALE}


class UserDataError(Exception):
    """The device refused a user list request, or never answered it.

    ``reason`` is "not_authorized" (wrong consent code), "operation_failed" (for a
    registration: the user list is full), "not_supported", "invalid_parameter",
    "no_answer" or "disconnected".
    """

    def __init__(self, reason: str) -> None:
        """Say why."""
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True, order=True)
class ScaleUser:
    """A person on a device's user list."""

    user_index: int
    consent_code: int


@dataclass(frozen=True, slots=True)
class PersonData:
    """What a scale needs to know about a person for body composition."""

    date_of_birth: date
    sex: str
    height_cm: float


class UserControlPoint:
    """Requests on the User Control Point; create it before connecting to hear a drop."""

    def __init__(self, *, timeout: float = 10.0) -> None:
        """Set how long to wait for the device's answer to a request."""
        self._timeout = timeout
        self._answer: asyncio.Future[UcpResponse] | None = None

    def on_disconnect(self, _client: object) -> None:
        """Bleak's disconnected callback: a pending request will get no answer."""
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(UserDataError("disconnected"))

    async def async_start(self, client: GattClient, characteristics: set[str]) -> None:
        """Subscribe to the answers; the device must have a User Control Point."""
        if USER_CONTROL_POINT_UUID not in characteristics:
            raise UserDataError("not_supported")
        await client.start_notify(USER_CONTROL_POINT_UUID, self._on_indication)

    def _on_indication(self, _: object, data: bytearray) -> None:
        try:
            response = decode_user_control_point(data)
        except GattDecodeError as err:
            _LOGGER.debug("Skipping a malformed User Control Point frame: %s", err)
            return
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(response)

    async def _async_request(
        self, client: GattClient, op_code: UcpOpCode, frame: bytes
    ) -> UcpResponse:
        self._answer = asyncio.get_running_loop().create_future()
        try:
            await client.write_gatt_char(USER_CONTROL_POINT_UUID, frame, response=True)
            async with asyncio.timeout(self._timeout):
                response = await self._answer
        except TimeoutError as err:
            raise UserDataError("no_answer") from err
        finally:
            self._answer = None
        if response.request_op_code is not op_code:
            raise UserDataError("no_answer")
        if not response.success:
            raise UserDataError(_REASONS[response.result])
        return response

    async def async_consent(self, client: GattClient, user: ScaleUser) -> None:
        """Make the user this connection's user: the device then sends their data."""
        await self._async_request(
            client,
            UcpOpCode.CONSENT,
            encode_consent(user.user_index, user.consent_code),
        )

    async def async_register(
        self,
        client: GattClient,
        characteristics: set[str],
        consent_code: int,
        person: PersonData,
        *,
        today: date,
    ) -> int:
        """Add the person to the device's user list and return their user index."""
        response = await self._async_request(
            client, UcpOpCode.REGISTER_NEW_USER, encode_register_new_user(consent_code)
        )
        # The decoder only accepts a successful registration answer with an index.
        user = ScaleUser(cast("int", response.user_index), consent_code)
        await self.async_consent(client, user)
        try:
            await _async_write_person(client, characteristics, person, today)
        except BleakError as err:
            # The person is registered either way: keeping the slot beats orphaning it.
            _LOGGER.warning(
                "The scale registered the person but refused their data (%s); its "
                "body composition figures may be off",
                err,
            )
        return user.user_index


async def _async_write_person(
    client: GattClient, characteristics: set[str], person: PersonData, today: date
) -> None:
    born = person.date_of_birth
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    values = {
        DATE_OF_BIRTH_UUID: encode_date_of_birth(born),
        GENDER_UUID: encode_gender(_GENDERS.get(person.sex, Gender.UNSPECIFIED)),
        HEIGHT_UUID: encode_height(person.height_cm),
        AGE_UUID: encode_age(age),
    }
    for uuid, value in values.items():
        if uuid in characteristics:
            await client.write_gatt_char(uuid, value, response=True)
    if DATABASE_CHANGE_INCREMENT_UUID in characteristics:
        # A new increment tells the scale (and its own app) the person's data changed.
        current = await client.read_gatt_char(DATABASE_CHANGE_INCREMENT_UUID)
        try:
            increment = decode_database_change_increment(current) + 1
        except GattDecodeError:
            increment = 1
        await client.write_gatt_char(
            DATABASE_CHANGE_INCREMENT_UUID,
            encode_database_change_increment(increment),
            response=True,
        )
