"""The API's OpenAPI 3.1 document, served at `/api/v1/openapi.json`.

The response schemas are closed (`additionalProperties: false`): the tests
validate every answer against them, so a field the disclosure function does not
give cannot slip into an answer unnoticed.
"""

from __future__ import annotations

from typing import Any

DATE = {"type": "string", "format": "date"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _closed(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


TEXT = {"type": "string"}
MAYBE_TEXT = _nullable(TEXT)
MAYBE_DATE = _nullable(DATE)

SUBJECT: dict[str, Any] = {
    "key": {"type": "string", "description": "统一社会信用代码，或自然人的不透明主键"},
    "kind": {"type": "string", "enum": ["org", "individual", "person"]},
    "kind_label": TEXT,
    "name": TEXT,
    "uscc": MAYBE_TEXT,
    # a person's number, masked: first 6 and last 4 kept, never the full number
    "id_masked": _nullable({"type": "string", "pattern": r"^\d{6}\*{8}\d{3}[\dX]$"}),
    "legal_rep": MAYBE_TEXT,
}

SCHEMAS: dict[str, Any] = {
    "Subject": _closed(SUBJECT),
    "SearchResult": _closed(
        {
            "q": TEXT,
            "as_of": DATE,
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Subject"}},
            "more": {"type": "boolean", "description": "更多主体符合条件，请细化查询"},
        }
    ),
    "SubjectSummary": _closed(
        {
            **SUBJECT,
            "as_of": DATE,
            "current_to": DATE,
            "record_counts": {
                "type": "object",
                "additionalProperties": {"type": "integer", "minimum": 0},
            },
            "withdrawn": {"type": "integer", "minimum": 0},
        }
    ),
    "Record": _closed(
        {
            "ref": TEXT,
            "group": {
                "type": "string",
                "enum": ["basic", "license", "penalty", "red", "black", "other"],
            },
            "section": TEXT,
            "kind": TEXT,
            "item_code": TEXT,
            "item_name": TEXT,
            "category": TEXT,
            "list_type": MAYBE_TEXT,
            "title": MAYBE_TEXT,
            "content": MAYBE_TEXT,
            "doc_no": TEXT,
            "authority": TEXT,
            "authority_uscc": MAYBE_TEXT,
            "source": MAYBE_TEXT,
            "source_uscc": MAYBE_TEXT,
            "decided_on": DATE,
            "valid_from": MAYBE_DATE,
            "valid_to": MAYBE_DATE,
            "severity": MAYBE_TEXT,
            "severity_label": MAYBE_TEXT,
            "severity_inferred": {"type": "boolean"},
            "window_end": MAYBE_DATE,
            "repairable_from": MAYBE_DATE,
            "dishonest": {"type": "boolean"},
            "deletable": {"type": "boolean"},
            "objection": _nullable({"type": "string", "enum": ["异议处理中", "存在异议"]}),
            "removed_on": MAYBE_DATE,
            "details": {
                "type": "array",
                "items": _closed({"name": TEXT, "value": TEXT}),
            },
        }
    ),
    "Withdrawal": _closed(
        {
            "ref": TEXT,
            "group": TEXT,
            "section": TEXT,
            "item_code": TEXT,
            "item_name": TEXT,
            "doc_no": TEXT,
            "authority": TEXT,
            "decided_on": DATE,
            "reason": TEXT,
            "withdrawn_on": MAYBE_DATE,
        }
    ),
    "Records": _closed(
        {
            "subject": {"$ref": "#/components/schemas/Subject"},
            "as_of": DATE,
            "current_to": DATE,
            "records": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}},
            "withdrawals": {"type": "array", "items": {"$ref": "#/components/schemas/Withdrawal"}},
        }
    ),
    "Error": _closed(
        {
            "error": _closed(
                {
                    "status": {"type": "integer"},
                    "code": {"type": "string"},
                    "message": {"type": "string", "description": "中文说明"},
                }
            )
        }
    ),
}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


ERRORS = {
    "401": _json("Error", "缺少或无效的API密钥"),
    "429": _json("Error", "超过每日调用上限（见 Retry-After）"),
}
KEY = {"name": "key", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 40}}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "信用周村 公共信用信息API",
            "version": "1.0.0",
            "description": "面向信用服务机构，返回内容与公示网站一致（同一披露规则、同样的遮蔽），"
            "每次调用记入查询日志。密钥由区信用信息工作机构在后台签发。",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/subjects": {
                "get": {
                    "operationId": "searchSubjects",
                    "summary": "按名称或统一社会信用代码查找主体",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 50},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1},
                        },
                    ],
                    "responses": {
                        "200": _json("SearchResult", "符合条件的主体"),
                        "400": _json("Error", "参数错误"),
                        **ERRORS,
                    },
                }
            },
            "/subjects/{key}": {
                "get": {
                    "operationId": "getSubject",
                    "summary": "主体的公开信息概要",
                    "parameters": [KEY],
                    "responses": {
                        "200": _json("SubjectSummary", "主体概要"),
                        "404": _json("Error", "没有该主体的公开信用信息"),
                        **ERRORS,
                    },
                }
            },
            "/subjects/{key}/records": {
                "get": {
                    "operationId": "getRecords",
                    "summary": "主体的公开信用记录",
                    "parameters": [KEY],
                    "responses": {
                        "200": _json("Records", "公开信用记录"),
                        "404": _json("Error", "没有该主体的公开信用信息"),
                        **ERRORS,
                    },
                }
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
