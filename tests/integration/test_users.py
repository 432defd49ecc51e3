"""Users: creation rules, scope of lists and reads, read-only inspectors (service layer)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from tests.integration.identity_helpers import PASSWORD, make_agencies, make_user
from zhifa.domain.actors import Role
from zhifa.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from zhifa.identity.scope import ensure_in_scope, parse_role
from zhifa.identity.users import create_user, get_user, list_users
from zhifa.store.models.identity import User, UserRole
from zhifa.store.uow import UnitOfWork


@pytest.fixture
def db(engine: Engine) -> Engine:
    make_agencies(engine)
    return engine


def _count(engine: Engine) -> tuple[int, int]:
    with UnitOfWork(engine) as uow:
        return (
            uow.session.scalar(select(func.count(User.id))) or 0,
            uow.session.scalar(select(func.count(UserRole.id))) or 0,
        )


def _new(engine: Engine, actor: object, **fields: object) -> object:
    base: dict[str, object] = {
        "username": "newuser",
        "agency_code": "420102",
        "roles": ["head"],
        "password": PASSWORD,
    }
    base.update(fields)
    return create_user(UnitOfWork(engine), actor, **base)  # type: ignore[arg-type]


def test_create_handler_with_credential_and_reviewer_with_legal_flag(db: Engine) -> None:
    handler = _new(
        db, None, username="zhang", roles=["办案人员"], credential_no="42010220260001", display_name="张伟"
    )
    reviewer = _new(db, None, username="Wang.F", roles=["reviewer"], legal_qualification=True)
    assert handler.roles == (Role.HANDLER,) and handler.credential_no == "42010220260001"  # type: ignore[attr-defined]
    assert handler.agency_name == "武汉市江岸区市场监督管理局"  # type: ignore[attr-defined]
    assert reviewer.username == "wang.f" and reviewer.legal_qualification  # type: ignore[attr-defined]
    with UnitOfWork(db) as uow:
        stored = uow.session.scalar(select(User).where(User.username == "zhang"))
        assert stored is not None and stored.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("fields", "code", "fragment"),
    [
        ({"roles": ["handler"]}, "credential_required", "执法证号"),
        (
            {"roles": ["head"], "legal_qualification": True},
            "legal_qualification_requires_reviewer",
            "审核人员",
        ),
        ({"roles": ["inspector", "head"]}, "role_conflict", "纪检监察"),
        ({"roles": ["chief"]}, "unknown_role", "未知角色"),
        ({"roles": []}, "role_required", "至少需要"),
        ({"username": "张三"}, "bad_username", "用户名"),
        ({"password": "short1"}, "weak_password", "密码"),
        ({"roles": ["head"], "credential_no": "x!"}, "bad_credential_no", "执法证号"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    db: Engine, fields: dict[str, object], code: str, fragment: str
) -> None:
    with pytest.raises(ValidationFailed) as err:
        _new(db, None, **fields)
    assert err.value.code == code
    assert fragment in err.value.message
    assert _count(db) == (0, 0)


def test_unknown_agency_and_duplicate_username(db: Engine) -> None:
    with pytest.raises(NotFound) as err:
        _new(db, None, agency_code="999999")
    assert err.value.code == "agency_not_found" and "机构不存在" in err.value.message
    _new(db, None, username="dup")
    with pytest.raises(Conflict) as dup:
        _new(db, None, username="DUP", agency_code="421281")
    assert dup.value.code == "duplicate_username" and "用户名已存在" in dup.value.message
    assert _count(db) == (1, 1)


def test_duplicate_credential_number_is_refused(db: Engine) -> None:
    _new(db, None, username="handler1", roles=["handler"], credential_no="42010220260001")
    with pytest.raises(Conflict) as err:
        _new(db, None, username="handler2", roles=["handler"], credential_no="42010220260001")
    assert err.value.code == "duplicate_credential"


def test_admin_creates_only_inside_own_subtree(db: Engine) -> None:
    wuhan_admin = make_user(db, "wuhan_admin", "420100", "admin")
    created = _new(db, wuhan_admin, username="jiangan_head", agency_code="420102")
    assert created.agency_code == "420102"  # type: ignore[attr-defined]
    before = _count(db)
    for outside in ("421281", "420000"):
        with pytest.raises(NotFound) as err:
            _new(db, wuhan_admin, username="intruder", agency_code=outside)
        assert err.value.code == "agency_not_found"
    assert _count(db) == before


def test_only_admins_create_users_and_inspectors_never_write(db: Engine) -> None:
    head = make_user(db, "head1", "420102", "head")
    inspector = make_user(db, "jijian", "420100", "inspector")
    before = _count(db)
    with pytest.raises(PermissionDenied) as err:
        _new(db, head)
    assert err.value.code == "role_required"
    with pytest.raises(PermissionDenied) as ro:
        _new(db, inspector)
    assert ro.value.code == "read_only_role" and "只能查看" in ro.value.message
    assert _count(db) == before


def test_lists_are_scoped_to_the_agency_subtree(db: Engine) -> None:
    make_user(db, "prov_admin", "420000", "admin")
    wuhan_admin = make_user(db, "wuhan_admin", "420100", "admin")
    make_user(db, "jiangan_h", "420102", "handler")
    make_user(db, "chibi_h", "421281", "handler")
    chibi_head = make_user(db, "chibi_head", "421281", "head")
    inspector = make_user(db, "jijian", "420100", "inspector")

    assert [u.username for u in list_users(UnitOfWork(db), wuhan_admin)] == [
        "jijian",
        "wuhan_admin",
        "jiangan_h",
    ]
    assert {u.username for u in list_users(UnitOfWork(db), chibi_head)} == {"chibi_h", "chibi_head"}
    assert {u.username for u in list_users(UnitOfWork(db), inspector)} == {
        "wuhan_admin",
        "jijian",
        "jiangan_h",
    }
    assert len(list_users(UnitOfWork(db), None)) == 6
    assert [u.username for u in list_users(UnitOfWork(db), wuhan_admin, "420102")] == ["jiangan_h"]
    with pytest.raises(NotFound):
        list_users(UnitOfWork(db), wuhan_admin, "421281")
    handler = make_user(db, "plain", "420102", "handler")
    with pytest.raises(PermissionDenied):
        list_users(UnitOfWork(db), handler)


def test_get_outside_scope_is_the_same_answer_as_missing(db: Engine) -> None:
    wuhan_admin = make_user(db, "wuhan_admin", "420100", "admin")
    chibi = make_user(db, "chibi_h", "421281", "handler")
    jiangan = make_user(db, "jiangan_h", "420102", "handler")
    assert get_user(UnitOfWork(db), wuhan_admin, jiangan.user_id).username == "jiangan_h"
    assert get_user(UnitOfWork(db), chibi, chibi.user_id).username == "chibi_h"  # oneself
    with pytest.raises(NotFound) as outside:
        get_user(UnitOfWork(db), wuhan_admin, chibi.user_id)
    with pytest.raises(NotFound) as absent:
        get_user(UnitOfWork(db), wuhan_admin, 999_999)
    assert outside.value.to_dict() == absent.value.to_dict()
    assert outside.value.code == "user_not_found"
    with pytest.raises(NotFound) as same:
        ensure_in_scope(wuhan_admin, "/420000/421200/421281/", "用户", "user_not_found")
    assert same.value.to_dict() == absent.value.to_dict()


def test_roles_by_english_value_or_chinese_label() -> None:
    assert parse_role("办案人员") is Role.HANDLER
    assert parse_role(" Reviewer ") is Role.REVIEWER
    assert parse_role("纪检监察") is Role.INSPECTOR


def test_role_guards_handlers_inspectors_and_legal_review_xzcff_58_2(db: Engine) -> None:
    from zhifa.identity.scope import ensure_can_write, ensure_handler, ensure_legal_reviewer

    handler = make_user(db, "zhang", "420102", "handler")
    legal = make_user(db, "wang", "420102", "reviewer", legal_qualification=True)
    plain_reviewer = make_user(db, "zhao", "420102", "reviewer")
    inspector = make_user(db, "jijian", "420100", "inspector")
    ensure_handler(handler)
    ensure_legal_reviewer(legal)
    ensure_can_write(plain_reviewer)
    with pytest.raises(PermissionDenied) as no_legal:  # 行政处罚法 §58 ¶2, 程序规定 §51 ¶2
        ensure_legal_reviewer(plain_reviewer)
    assert no_legal.value.code == "legal_qualification_required"
    with pytest.raises(PermissionDenied) as not_handler:
        ensure_handler(legal)
    assert not_handler.value.code == "role_required"
    for guard in (ensure_can_write, ensure_handler, ensure_legal_reviewer):
        with pytest.raises(PermissionDenied) as ro:
            guard(inspector)
        assert ro.value.code == "read_only_role"
