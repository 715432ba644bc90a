"""The ``betti.create_report`` action: a PDF, CSV zip or FHIR bundle, and its download link."""

from contextlib import suppress
from datetime import datetime, timedelta
from enum import StrEnum
import json
from pathlib import Path

from homeassistant.components.http.auth import async_sign_path
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util, slugify
import probatio

from ..const import DOMAIN
from ..db import DatabaseReadOnlyError
from ..db.profiles import add_audit
from ..household.access import (
    PROFILE_FIELD,
    async_profile_entry,
    validation_error,
)
from ..household.limits import RefusingSchema, moment
from ..models import BettiConfigEntry
from .collect import async_collect
from .csv_export import render_zip
from .fhir import render_bundle
from .model import ReportData, figures

SERVICE_CREATE_REPORT = "create_report"
DEFAULT_SPAN = timedelta(days=90)
MAX_SPAN = timedelta(days=366)
# A little slack for a phone's clock; later than that is a range in the future.
CLOCK_SLACK = timedelta(minutes=5)
LINK_VALID = timedelta(hours=24)
# A notification shows to every HA user, so its link expires sooner.
NOTICE_LINK_VALID = timedelta(hours=1)
KEEP_FILES = timedelta(days=7)
REPORTS_DIR = "betti/reports"
URL_PREFIX = "/api/betti/reports"


class ReportFormat(StrEnum):
    """What the action makes."""

    PDF = "pdf"
    CSV = "csv"
    FHIR = "fhir"


SUFFIX = {ReportFormat.PDF: "pdf", ReportFormat.CSV: "zip", ReportFormat.FHIR: "json"}

CREATE_REPORT_SCHEMA = RefusingSchema(
    {
        **PROFILE_FIELD,
        probatio.Optional("start"): moment,
        probatio.Optional("end"): moment,
        probatio.Optional("format", default=ReportFormat.PDF.value): probatio.In(
            [f.value for f in ReportFormat]
        ),
    }
)


def report_range(
    start: datetime | None, end: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """Return the checked [start, end) in UTC; a translated error if it cannot be a report's."""
    end_utc = dt_util.as_utc(end) if end is not None else now
    start_utc = dt_util.as_utc(start) if start is not None else end_utc - DEFAULT_SPAN
    if start_utc >= end_utc:
        raise validation_error("start_not_before_end")
    if end_utc > now + CLOCK_SLACK:
        raise validation_error("report_in_future")
    if end_utc - start_utc > MAX_SPAN:
        raise validation_error("report_too_long", days=MAX_SPAN.days)
    return start_utc, end_utc


async def async_texts(hass: HomeAssistant) -> dict[str, str]:
    """Return the report's words in HA's language: labels and blood pressure categories."""
    language = hass.config.language
    labels = await async_get_translations(hass, language, "selector", {DOMAIN})
    states = await async_get_translations(hass, language, "entity", {DOMAIN})
    texts = {
        key.rsplit(".", 1)[1]: text
        for key, text in labels.items()
        if key.startswith(f"component.{DOMAIN}.selector.report_text.options.")
    }
    prefix = f"component.{DOMAIN}.entity.sensor.blood_pressure_category.state."
    texts.update(
        {
            f"bp_{key.removeprefix(prefix)}": text
            for key, text in states.items()
            if key.startswith(prefix)
        }
    )
    return texts


def _render(
    data: ReportData, fmt: ReportFormat, texts: dict[str, str], made: datetime
) -> bytes:
    if fmt is ReportFormat.PDF:
        # fpdf2 brings fontTools and numpy: a second and megabytes at every start, for a
        # report made now and then. The first PDF imports it here, in the executor.
        from .document import find_font_dir  # noqa: PLC0415
        from .pdf import render_pdf  # noqa: PLC0415

        return render_pdf(data, figures(data), texts, find_font_dir(), made)
    if fmt is ReportFormat.CSV:
        return render_zip(data)
    return json.dumps(render_bundle(data, made), ensure_ascii=False).encode()


def _write(folder: Path, name: str, content: bytes, now: datetime) -> None:
    """Write the file whole (a reader never sees half of it); forget week-old reports."""
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = (now - KEEP_FILES).timestamp()
    for old in folder.iterdir():
        if old.is_file() and old.stat().st_mtime < cutoff:
            old.unlink()
    partial = folder / f".{name}.part"
    partial.write_bytes(content)
    partial.replace(folder / name)


def report_folder(hass: HomeAssistant, entry_id: str) -> Path:
    """Where a profile's reports are kept."""
    return Path(hass.config.path(REPORTS_DIR, entry_id))


async def async_create_report(
    hass: HomeAssistant,
    entry: BettiConfigEntry,
    start: datetime,
    end: datetime,
    fmt: ReportFormat,
    *,
    user_id: str | None,
    source: str,
) -> str:
    """Make the report, note in the audit trail who took the data out; return its path."""
    data = await async_collect(hass, entry, start, end)
    texts = await async_texts(hass)
    made = dt_util.now()
    content = await hass.async_add_executor_job(_render, data, fmt, texts, made)
    last_day = (data.end - timedelta(microseconds=1)).date()
    name = (
        f"betti-{slugify(entry.title, separator='-') or 'report'}-"
        f"{data.start.date().isoformat()}-{last_day.isoformat()}.{SUFFIX[fmt]}"
    )
    await hass.async_add_executor_job(
        _write, report_folder(hass, entry.entry_id), name, content, made
    )
    database = entry.runtime_data.database
    if not database.read_only:  # a damaged file still gives its report
        with suppress(DatabaseReadOnlyError):
            await database.async_write(
                add_audit,
                entry.entry_id,
                at=dt_util.utcnow(),
                user_id=user_id,
                source=source,
                action="report_created",
                detail={"format": fmt.value, "file": name},
            )
    return f"{URL_PREFIX}/{entry.entry_id}/{name}"


def signed(hass: HomeAssistant, path: str, valid: timedelta = LINK_VALID) -> str:
    """Sign a path for a push or a notification (for the caller, or HA's content user)."""
    return async_sign_path(hass, path, valid)


async def _create_report(call: ServiceCall) -> ServiceResponse:
    entry = await async_profile_entry(call.hass, call)
    start, end = report_range(
        call.data.get("start"), call.data.get("end"), dt_util.utcnow()
    )
    path = await async_create_report(
        call.hass,
        entry,
        start,
        end,
        ReportFormat(call.data["format"]),
        user_id=call.context.user_id,
        source="service",
    )
    return {
        "url": path,
        "signed_url": signed(call.hass, path),
        "expires": (dt_util.now() + LINK_VALID).isoformat(),
        "start": dt_util.as_local(start).isoformat(),
        "end": dt_util.as_local(end).isoformat(),
    }


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the report action."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_CREATE_REPORT,
        _create_report,
        schema=CREATE_REPORT_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
