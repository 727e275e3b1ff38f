"""Reads a Bot API request's parameters from the query string and any body encoding."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from .errors import bad_request
from .params import Params, UploadedFile


async def read_params(request: web.Request) -> Params:
    """Parameters from the URL query plus a JSON, urlencoded or multipart body.

    Raises:
        ApiError: 400 when a JSON body is not an object.
    """
    values: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.method == "POST" and request.body_exists:
        if request.content_type == "application/json":
            values.update(await _json_body(request))
        else:
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, FileField):
                    upload = UploadedFile(value.filename, value.content_type, value.file.read())
                    files[name] = upload
                    values[name] = upload
                else:
                    values[name] = value
    return Params(values, files)


async def _json_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise bad_request("can't parse JSON object") from None
    if not isinstance(body, dict):
        raise bad_request("can't parse JSON object")
    return body
