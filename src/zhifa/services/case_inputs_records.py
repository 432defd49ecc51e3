"""Input models of the records and notices (现场笔录, 询问笔录, 送达地址确认书, 责令改正通知书, 听证通知书,
听证笔录, 催告书). Officers by user id; times as HH:MM (Beijing time); 文号 allocated by the service."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from zhifa.domain.records import IntervieweeRole
from zhifa.services.case_inputs import Input, RowId

Time = Field(max_length=5, description="时:分，北京时间，如 09:30")
LongText = Field(max_length=20000)


class InspectSiteIn(Input):
    place: str = Field(max_length=200)
    inspected_on: date
    start: str = Time
    end: str = Time
    officer_ids: list[RowId] = Field(min_length=1, max_length=10)
    present: str = Field(max_length=200)
    findings: str = LongText
    refused_signature: bool = False
    witness: str = Field(default="", max_length=200)
    location: str = Field(default="", max_length=200)  # written by the phone (browser location)


class RecordInquiryIn(Input):
    interviewee: str = Field(max_length=100)
    role: IntervieweeRole
    id_number: str = Field(default="", max_length=32)
    place: str = Field(max_length=200)
    inquired_on: date
    start: str = Time
    end: str = Time
    officer_ids: list[RowId] = Field(min_length=1, max_length=10)
    record: str = LongText
    refused_signature: bool = False
    gender: str = Field(default="", max_length=4)
    work_unit: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=30)


class ConfirmAddressIn(Input):
    recipient: str = Field(max_length=200)
    address: str = Field(max_length=300)
    postcode: str = Field(default="", max_length=10)
    phone: str = Field(default="", max_length=30)
    electronic_address: str = Field(default="", max_length=200)
    electronic_consent: bool = False
    confirmed_on: date


class OrderCorrectionIn(Input):
    act: str = Field(max_length=2000)
    requirement: str = Field(max_length=2000)
    legal_basis: list[str] = Field(min_length=1, max_length=10)
    deadline: date | None = None


class ScheduleHearingIn(Input):
    hearing_on: date
    time: str = Time
    place: str = Field(max_length=200)
    public: bool = True
    private_reason: str = Field(default="", max_length=500)


class RecordHearingIn(Input):
    held_on: date
    start: str = Time
    end: str = Time
    place: str = Field(max_length=200)
    clerk: str = Field(max_length=50)
    participants: list[str] = Field(min_length=1, max_length=30)
    record: str = LongText
    refused_signature: bool = False


class RemindPaymentIn(Input):
    pay_within_days: int = Field(default=10, ge=1, le=365)
