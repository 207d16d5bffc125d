"""Small Apple Health exports made the way the Health app makes them: export.zip holding
apple_health_export/export.xml, a HealthData root after a DOCTYPE that declares elements only,
and one Record element per reading, its dates in the offset in force when it was measured."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import quoteattr

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-03-20 09:00:00 -0700"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1980-05-01"/>
"""
WATCH = "Ann’s Apple Watch"
PHONE = "Ann’s iPhone"
DEVICE = ("&lt;&lt;HKDevice: 0x283f&gt;, name:Apple Watch, manufacturer:Apple Inc., "
          "model:Watch, hardware:Watch6,2, software:10.1&gt;")


def record(kind: str, start: str, end: str, value: object, source: str = WATCH,
           unit: str | None = None, children: str = "") -> str:
    attrs = {"type": f"HKQuantityTypeIdentifier{kind}" if not kind.startswith("HK") else kind,
             "sourceName": source, "sourceVersion": "10.1"}
    if unit:
        attrs["unit"] = unit
    attrs.update(creationDate=end, startDate=start, endDate=end, value=str(value))
    text = " ".join(f"{name}={quoteattr(str(v))}" for name, v in attrs.items())
    text = text.replace('sourceVersion="10.1"', f'sourceVersion="10.1" device="{DEVICE}"')
    if not children:
        return f" <Record {text}/>\n"
    return f" <Record {text}>\n{children} </Record>\n"


def sleep(start: str, end: str, stage: str = "AsleepCore", source: str = WATCH) -> str:
    return record("HKCategoryTypeIdentifierSleepAnalysis", start, end,
                  f"HKCategoryValueSleepAnalysis{stage}", source)


def a_week() -> str:
    """Los Angeles around the spring clock change (10 March 2024, 02:00 -0800 became 03:00
    -0700), with a phone counting some of the watch's steps again."""
    rows = [
        record("RestingHeartRate", "2024-03-09 08:00:00 -0800", "2024-03-09 20:00:00 -0800",
               58, unit="count/min"),
        record("RestingHeartRate", "2024-03-10 08:00:00 -0700", "2024-03-10 20:00:00 -0700",
               61, unit="count/min",
               children='  <MetadataEntry key="HKMetadataKeyTimeZone" '
                        'value="America/Los_Angeles"/>\n'),
        record("HeartRateVariabilitySDNN", "2024-03-10 07:00:00 -0700",
               "2024-03-10 07:01:00 -0700", 40.5, unit="ms",
               children="  <HeartRateVariabilityMetadataList>\n   "
                        '<InstantaneousBeatsPerMinute bpm="62" time="7:00:01.12 AM"/>\n'
                        "  </HeartRateVariabilityMetadataList>\n"),
        record("HeartRateVariabilitySDNN", "2024-03-10 22:00:00 -0700",
               "2024-03-10 22:01:00 -0700", 50.5, unit="ms"),
        # The night the clocks went forward: 23:00 to 07:00 on the clock is 7 hours asleep.
        sleep("2024-03-09 22:40:00 -0800", "2024-03-09 23:00:00 -0800", "InBed"),
        sleep("2024-03-09 23:00:00 -0800", "2024-03-10 03:30:00 -0700", "AsleepCore"),
        sleep("2024-03-10 03:30:00 -0700", "2024-03-10 04:00:00 -0700", "Awake"),
        sleep("2024-03-10 04:00:00 -0700", "2024-03-10 07:00:00 -0700", "AsleepREM"),
        # Another app on the phone recorded part of the same night.
        sleep("2024-03-10 01:00:00 -0800", "2024-03-10 04:00:00 -0700", "Asleep", PHONE),
        # Steps: a walk the watch and the phone both counted, and a late one that is still
        # 10 March where it happened (11 March in UTC).
        record("StepCount", "2024-03-10 09:00:00 -0700", "2024-03-10 09:10:00 -0700", 1200,
               unit="count"),
        record("StepCount", "2024-03-10 09:02:00 -0700", "2024-03-10 09:12:00 -0700", 1100,
               PHONE, unit="count"),
        record("StepCount", "2024-03-10 23:30:00 -0700", "2024-03-10 23:40:00 -0700", 800,
               unit="count"),
        record("StepCount", "2024-03-11 09:00:00 -0700", "2024-03-11 09:10:00 -0700", 3000.0,
               unit="count"),
        # What Solace leaves alone.
        record("HeartRate", "2024-03-10 09:00:00 -0700", "2024-03-10 09:00:00 -0700", 110,
               unit="count/min"),
    ]
    return "".join(rows)


def export_xml(body: str | None = None, head: str = HEAD, tail: str = "</HealthData>\n"
               ) -> bytes:
    return (head + (a_week() if body is None else body) + tail).encode()


def export_zip(xml: bytes | None = None, name: str = "apple_health_export/export.xml",
               extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, export_xml() if xml is None else xml)
        for other, content in (extra or {}).items():
            archive.writestr(other, content)
    return buffer.getvalue()
