"""Shared test data for the domain tests: actors, parties, penalties and a small flow driver."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from zhifa.domain import commands as cmd
from zhifa.domain.actors import Actor, Role
from zhifa.domain.calendar import WorkingCalendar
from zhifa.domain.case import Case, execute
from zhifa.domain.events import Event
from zhifa.domain.grounds import ClueSource, Outcome, ReviewKind, ReviewOpinion
from zhifa.domain.options import DocKind, ServiceMethod
from zhifa.domain.parties import Party
from zhifa.domain.values import EvidenceItem, EvidenceKind, Officer, Penalty, PenaltyKind, sm3_hex

AGENCY = "/420000/420100/420102/"
OTHER_AGENCY = "/420000/420500/"


def actor(
    uid: int, *roles: Role, path: str = AGENCY, credential: str | None = None, legal: bool = False
) -> Actor:
    """An actor of the test agency."""
    return Actor(uid, f"u{uid}", f"用户{uid}", 1, "420102", path, frozenset(roles), credential, legal)


H1 = actor(11, Role.HANDLER, credential="42010200011")
H2 = actor(12, Role.HANDLER, credential="42010200012")
H3 = actor(13, Role.HANDLER, credential="42010200013")
REVIEWER = actor(21, Role.REVIEWER, legal=True)
UNQUALIFIED = actor(22, Role.REVIEWER, legal=False)
HEAD = actor(31, Role.HEAD)
PRESIDER = actor(41, Role.REVIEWER, legal=True)
INSPECTOR = actor(51, Role.INSPECTOR)
CITY_HEAD = actor(61, Role.HEAD, path="/420000/420100/")  # upper level: covers the district
OUTSIDER = actor(99, Role.HEAD, Role.HANDLER, Role.REVIEWER, path=OTHER_AGENCY, credential="x", legal=True)

OFFICERS = (Officer(11, "用户11", "42010200011"), Officer(12, "用户12", "42010200012"))
PRESIDER_OFFICER = Officer(41, "用户41", "")

ORG = Party.create("organization", "武汉某某商贸有限公司", uscc="91350100M000100Y43")
PERSON = Party.create("person", "张三", id_number="11010519491231002X")
MINOR = Party.create("person", "李四", id_number="110105201301010012")


def fine(amount: str, *extra: PenaltyKind) -> Penalty:
    """A fine (plus optional extra kinds)."""
    return Penalty(frozenset({PenaltyKind.FINE, *extra}), fine=Decimal(amount))


WARNING = Penalty(frozenset({PenaltyKind.WARNING}))
# what 当场处罚 records before the decision (行政处罚法 第四十四条、第五十二条): credentials,
# facts, statement, the party's signature (the SM3 of the PNG signed on the phone)
HEARD: dict[str, object] = {
    "facts": "现场检查发现当事人销售的12种水果未标示价格",
    "credentials_shown": True,
    "statement": "当事人表示认可检查结果，放弃陈述申辩",
    "party_signature_sm3": sm3_hex(b"signature png"),
}
CAL = WorkingCalendar()


@dataclass
class Flow:
    """Drives one case through commands, like the services layer will."""

    case: Case = field(default_factory=Case)
    events: list[Event] = field(default_factory=list)

    def do(self, command: cmd.Command, who: Actor, on: date, **kw: object) -> list[Event]:
        """Run a command on `on` and keep the events."""
        out = execute(self.case, command, who, on, calendar=kw.pop("calendar", CAL), **kw)  # type: ignore[arg-type]
        self.events.extend(out)
        return out


def clue(flow: Flow, on: date, party: Party | None = ORG) -> None:
    """登记线索."""
    flow.do(
        cmd.RegisterClue(
            agency_path=AGENCY,
            agency_code="420102",
            source=ClueSource.COMPLAINT,
            discovered_on=on,
            summary="消费者投诉销售过期食品",
            party=party,
        ),
        H1,
        on,
    )


def filed(flow: Flow, on: date, party: Party = ORG, **kw: object) -> None:
    """立案 with the two standard handlers."""
    flow.do(
        cmd.FileCase(
            party=party, act_date=date(2025, 12, 1), violation="销售超过保质期的食品", handlers=OFFICERS, **kw
        ),
        HEAD,
        on,
    )  # type: ignore[arg-type]


def evidence(flow: Flow, on: date) -> None:
    """One document with an attached file."""
    item = EvidenceItem(EvidenceKind.DOCUMENT, "进货单据", (sm3_hex(b"invoice"),), "当事人提供")
    flow.do(cmd.AddEvidence(item=item, collected_on=on, co_handler_id=12), H1, on)


def report(
    flow: Flow, on: date, proposal: Penalty | None, outcome: Outcome = Outcome.PENALTY, **kw: object
) -> None:
    """调查终结报告 with discretion reasons."""
    flow.do(
        cmd.SubmitReport(
            facts="经查，当事人销售过期食品12件",
            proposed_outcome=outcome,
            proposal=proposal,
            discretion_reasons="当事人初次违法、主动改正，依裁量基准从轻处罚",
            legal_basis=("《中华人民共和国食品安全法》第一百二十四条第一款",),
            **kw,
        ),  # type: ignore[arg-type]
        H1,
        on,
    )


def review(flow: Flow, on: date, kind: ReviewKind = ReviewKind.CASE, who: Actor = REVIEWER) -> None:
    """An agreeing review."""
    flow.do(cmd.SignReview(kind=kind, opinion=ReviewOpinion.AGREE, comments=""), who, on)


def notice(flow: Flow, approved_on: date, served_on: date, penalty: Penalty) -> None:
    """负责人 approves, the notice is issued and served in person."""
    flow.do(cmd.ApprovePenalty(penalty=penalty), HEAD, approved_on)
    flow.do(cmd.IssueNotice(docno="鄂汉市监罚告〔2026〕3号"), H1, approved_on)
    flow.do(
        cmd.ServeDocument(document=DocKind.NOTICE, method=ServiceMethod.IN_PERSON, served_on=served_on),
        H1,
        served_on,
    )
