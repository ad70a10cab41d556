"""The JSON API for credit service agencies (issue 15): keys, quota, logging, the OpenAPI document.

Every answer is validated against the document the app serves, whose schemas
are closed: a field the site does not disclose cannot appear unnoticed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import make_ric
from tests.test_admin import login, staff  # noqa: F401 (the `staff` fixture)
from tests.test_forms_support import token
from xinyong.credit import apikeys, catalog, subjects
from xinyong.credit.disclosure import assess
from xinyong.credit.models import ApiCall, ApiKey, QueryLogEntry, SubjectKind

AS_OF = dt.date(2026, 6, 1)
DECIDED = dt.date(2026, 3, 2)


@pytest.fixture
def world(app, session, factory, provider, protector):
    """A company with a penalty and a licence; a person on the court's list; a person off the site."""
    app.config["PUBLISH_AS_OF"] = AS_OF.isoformat()
    items = catalog.current(session)
    company = factory.company("淄博周村丝绸有限公司")
    factory.record(
        company,
        "XZCF",
        provider_id=provider.id,
        content="罚款人民币五千元",
        **assess(items["XZCF"], DECIDED, given="general"),
    )
    factory.record(company, "XZXK", provider_id=provider.id, title="食品经营许可")
    number = make_ric("19800101", serial="551")
    who = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    debtor = subjects.find_or_create_many(session, [(who, "王五", None)], "test")[who.match]
    factory.record(
        debtor,
        "SXBZXR",
        content=f"被执行人王五（身份证号{number}）未履行",
        fields={"证件号码": number, "被执行人的履行情况": "全部未履行"},
        **assess(items["SXBZXR"], DECIDED, given="serious"),
    )
    private = factory.person("王五六", birth="19900101")
    factory.record(private, "XZCF", **assess(items["XZCF"], DECIDED, given="general"))
    session.commit()
    return {"company": company, "debtor": debtor, "number": number, "private": private}


def issue_key(session, quota: int | None = None) -> str:
    issued = apikeys.issue(session, "周村征信服务有限公司", "test", quota)
    session.commit()
    return issued.secret


def call(client, path: str, key: str | None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(path, headers=headers)


@pytest.fixture
def conforms(client):
    """`conforms(response, "Records")`: the answer matches the served document's schema."""
    document = client.get("/api/v1/openapi.json").get_json()

    def check(response, schema: str):
        validator = jsonschema.Draft202012Validator(
            {"$ref": f"#/components/schemas/{schema}", "components": document["components"]},
            format_checker=jsonschema.FormatChecker(),
        )
        validator.validate(response.get_json())
        assert response.mimetype == "application/json"
        return response.get_json()

    return check


def test_the_document_describes_every_endpoint_and_is_served_without_a_key(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/subjects", "/subjects/{key}", "/subjects/{key}/records"}
    jsonschema.Draft202012Validator.check_schema(document["components"]["schemas"]["Record"])


def test_no_key_or_a_wrong_one_is_401_in_json(client, world, conforms):
    for key in (None, "zcxy_not-a-key", "something else"):
        response = call(client, "/api/v1/subjects?q=丝绸", key)
        assert response.status_code == 401
        assert "WWW-Authenticate" in response.headers
        assert "密钥" in conforms(response, "Error")["error"]["message"]


def test_search_finds_what_the_site_shows_and_nothing_more(client, session, world, conforms):
    key = issue_key(session)
    found = conforms(call(client, "/api/v1/subjects?q=丝绸", key), "SearchResult")
    assert [item["name"] for item in found["results"]] == ["淄博周村丝绸有限公司"]
    by_code = conforms(
        call(client, f"/api/v1/subjects?q={world['company'].uscc}", key), "SearchResult"
    )
    assert by_code["results"][0]["key"] == world["company"].uscc
    # a person appears only through an item public for persons, masked
    people = conforms(call(client, "/api/v1/subjects?q=王五", key), "SearchResult")["results"]
    assert [item["name"] for item in people] == ["王五"]
    assert people[0]["id_masked"] == world["number"][:6] + "********" + world["number"][-4:]
    # what a search disclosed is in the query log, subject by subject
    logged = session.scalars(select(QueryLogEntry.subject_key)).all()
    assert logged.count(world["company"].uscc) == 2 and world["debtor"].key in logged
    assert world["private"].key not in logged
    # the LIKE wildcards are only characters
    assert conforms(call(client, "/api/v1/subjects?q=%25", key), "SearchResult")["results"] == []


def test_a_subject_and_its_records_are_the_public_file(client, session, world, conforms):
    key = issue_key(session)
    code = world["company"].uscc
    summary = conforms(call(client, f"/api/v1/subjects/{code}", key), "SubjectSummary")
    assert summary["record_counts"]["penalty"] == 1 and summary["record_counts"]["license"] == 1
    assert summary["as_of"] == AS_OF.isoformat()
    records = conforms(call(client, f"/api/v1/subjects/{code}/records", key), "Records")
    penalty = next(item for item in records["records"] if item["item_code"] == "XZCF")
    assert penalty["content"] == "罚款人民币五千元"
    assert penalty["repairable_from"] == "2026-06-02"
    # the same record as the site page shows
    page = client.get(f"/subject/{code}/").get_data(as_text=True)
    assert penalty["doc_no"] in page


def test_no_full_id_number_in_any_answer(client, session, world, conforms):
    key = issue_key(session)
    number, debtor = world["number"], world["debtor"]
    answers = [
        call(client, "/api/v1/subjects?q=王五", key),
        call(client, f"/api/v1/subjects/{debtor.key}", key),
        call(client, f"/api/v1/subjects/{debtor.key}/records", key),
    ]
    records = conforms(answers[2], "Records")
    assert records["records"][0]["details"] == [
        {"name": "被执行人的履行情况", "value": "全部未履行"}
    ]
    for response in answers:
        text = response.get_data(as_text=True)
        raw = json.dumps(response.get_json(), ensure_ascii=False)
        assert number not in text and number not in raw
        assert "19800101" not in raw
    # looked up by the full number, a person is simply not found
    assert (
        conforms(call(client, f"/api/v1/subjects/{number}", key), "Error")["error"]["status"] == 404
    )
    assert (
        conforms(call(client, f"/api/v1/subjects?q={number}", key), "SearchResult")["results"] == []
    )


def test_a_person_off_the_site_is_404_like_no_subject(client, session, world, conforms):
    key = issue_key(session)
    private = call(client, f"/api/v1/subjects/{world['private'].key}/records", key)
    missing = call(client, "/api/v1/subjects/no-such-key/records", key)
    assert private.status_code == missing.status_code == 404
    assert conforms(private, "Error") == conforms(missing, "Error")


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/subjects",
        "/api/v1/subjects?q=",
        "/api/v1/subjects?q=" + "丝" * 51,
        "/api/v1/subjects?q=丝绸&limit=0",
        "/api/v1/subjects?q=丝绸&limit=abc",
        "/api/v1/subjects?q=丝绸&limit=999",
    ],
)
def test_bad_parameters_are_400_in_chinese(client, session, world, conforms, query):
    key = issue_key(session)
    response = call(client, query, key)
    assert response.status_code == 400
    assert re.search(r"[\u4e00-\u9fff]", conforms(response, "Error")["error"]["message"])


def test_a_key_over_its_quota_gets_429_and_every_call_is_logged(client, session, world, conforms):
    key = issue_key(session, quota=3)
    code = world["company"].uscc
    statuses = [call(client, f"/api/v1/subjects/{code}", key).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = call(client, f"/api/v1/subjects/{code}/records", key)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "3次" in conforms(refused, "Error")["error"]["message"]
    # another key is not held back by this one's quota
    assert call(client, f"/api/v1/subjects/{code}", issue_key(session)).status_code == 200
    session.expire_all()
    stored = session.scalar(select(ApiKey).where(ApiKey.daily_quota == 3))
    calls = session.scalars(select(ApiCall).where(ApiCall.key_id == stored.id)).all()
    assert [item.status for item in calls] == [200, 200, 200, 429]
    logged = session.scalars(select(QueryLogEntry)).all()
    assert len(logged) == 4  # the four subject reads that were answered
    assert all(entry.actor == "api:周村征信服务有限公司" for entry in logged)
    assert logged[0].subject_key == code and code in logged[0].purpose


@pytest.mark.usefixtures("staff")
def test_the_admin_issues_a_key_shown_once_and_stored_hashed(client, session, world):
    login(client, "admin")
    response = client.post(
        "/admin/api-keys",
        data={
            "csrf_token": token(client, "/admin/api-keys"),
            "agency": "淄博信达信用评估有限公司",
            "daily_quota": "50",
        },
    )
    assert response.status_code == 200
    secret = re.search(
        r'id="new-key" class="secret"[^>]*>([^<]+)<', response.get_data(as_text=True)
    )[1]
    assert response.headers["Cache-Control"] == "no-store"
    again = client.get("/admin/api-keys").get_data(as_text=True)
    assert secret not in again and "淄博信达信用评估有限公司" in again
    stored = session.scalar(select(ApiKey).where(ApiKey.agency == "淄博信达信用评估有限公司"))
    assert stored.daily_quota == 50 and secret not in (stored.key_hash, stored.prefix)
    assert call(client, "/api/v1/subjects?q=丝绸", secret).status_code == 200
    calls = client.get(f"/admin/api-keys/{stored.id}").get_data(as_text=True)
    assert "/api/v1/subjects?q=" in calls and "200" in calls
    # revoked, it opens nothing
    client.post(
        f"/admin/api-keys/{stored.id}/revoke",
        data={"csrf_token": token(client, "/admin/api-keys")},
    )
    assert call(client, "/api/v1/subjects?q=丝绸", secret).status_code == 401


@pytest.mark.usefixtures("staff")
def test_a_bad_quota_is_said_in_chinese(client):
    login(client, "admin")
    response = client.post(
        "/admin/api-keys",
        data={
            "csrf_token": token(client, "/admin/api-keys"),
            "agency": "某机构",
            "daily_quota": "-1",
        },
    )
    assert response.status_code == 400
    assert "正整数" in response.get_data(as_text=True)


@pytest.mark.usefixtures("staff")
def test_only_an_admin_issues_keys(client):
    login(client, "alice")
    assert client.get("/admin/api-keys").status_code == 403
    assert client.get("/admin/city").status_code == 200


@pytest.fixture
def roomy_key(session) -> str:
    """A key whose quota no example run reaches."""
    return issue_key(session, quota=10_000)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=60), limit=st.one_of(st.none(), st.text(max_size=4)))
def test_any_query_is_answered_in_the_documented_shape(
    client, world, conforms, roomy_key, q, limit
):
    key = roomy_key
    response = client.get(
        "/api/v1/subjects",
        query_string={"q": q, **({"limit": limit} if limit is not None else {})},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code in (200, 400)
    conforms(response, "SearchResult" if response.status_code == 200 else "Error")
    assert world["number"] not in response.get_data(as_text=True)


@pytest.mark.parametrize("limit", ["²", "١", "1²"])
def test_a_limit_in_digits_of_other_scripts_is_a_400(client, world, conforms, roomy_key, limit):
    response = call(client, f"/api/v1/subjects?q=丝绸&limit={quote(limit)}", roomy_key)
    assert response.status_code == 400
    conforms(response, "Error")


@pytest.mark.parametrize("q", ["\x00", "丝\x00绸", "\x1b[31m", "\ud800"])
def test_control_characters_in_a_query_are_no_error(client, world, conforms, roomy_key, q):
    response = call(client, f"/api/v1/subjects?q={quote(q, errors='surrogatepass')}", roomy_key)
    assert response.status_code in (200, 400)
    conforms(response, "SearchResult" if response.status_code == 200 else "Error")


def test_once_a_release_has_an_index_the_api_searches_it(app, client, session, world, conforms):
    """Pinyin initials find a subject only through the release's search index."""
    from pathlib import Path

    from tests.test_publisher import run

    key = issue_key(session)
    before = conforms(call(client, "/api/v1/subjects?q=zcsc", key), "SearchResult")
    assert before["results"] == []
    run(app, Path(app.config["PUBLISH_DIR"]))
    found = conforms(call(client, "/api/v1/subjects?q=zcsc", key), "SearchResult")
    assert [item["name"] for item in found["results"]] == ["淄博周村丝绸有限公司"]
