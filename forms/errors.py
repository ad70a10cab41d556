"""Errors answered in Chinese, in the site's look, never with a traceback."""

from __future__ import annotations

from flask import abort, request

from xinyong.forms.rendering import render


def _page(title: str, message: str, status: int):
    return render("forms/error.html", status=status, title=title, message=message)


def csrf_failed(_error):
    return _page(
        "请求无效", "表单已过期或来源不明（缺少安全校验码）。请返回表单页面，刷新后重新提交。", 400
    )


def bad_request(_error):
    return _page("请求无效", "请求中含有无法识别的内容。请返回上一页，检查后重新提交。", 400)


#: views that read no database: /search reads the release's index, where a NUL only separates
NUL_HARMLESS = frozenset({"search.search"})


def refuse_nul() -> None:
    """No input a person types holds a NUL character, and PostgreSQL refuses one in any
    query: such a request is answered 400 before a view reads it."""
    if request.endpoint in NUL_HARMLESS:
        return
    values = [request.path, *request.args.values()]
    if request.method == "POST":
        values += request.form.values()
    if any("\x00" in value for value in values):
        abort(400)


def forbidden(_error):
    return _page("无权访问", "您的账户无权使用此功能。如需开通，请联系管理员。", 403)


def too_large(_error):
    return _page("文件过大", "上传的内容超过了允许的大小：最多5个附件，每个不超过10MB。", 413)


def too_many(_error):
    return _page("操作过于频繁", "您提交或查询的次数过多，请稍后再试。", 429)
