"""The OpenAPI 3.1 document of the voting API, built from the same msgspec types the handlers decode."""

from __future__ import annotations

import msgspec

from floorcraft.web import voting_schemas as v

# (method, path, summary, request body type, success status, response type, security)
OPERATIONS = [
    ("get", "/api/polls/{poll_id}", "A poll: choices, window, channels (no counts)", None, 200, None, None),
    ("post", "/api/polls/{poll_id}/votes", "Cast web/app votes (idempotent)", v.VoteIn, 201, v.Receipt, None),
    ("get", "/api/polls/{poll_id}/results", "Certified results (403 until then)", None, 200, None, None),
    ("get", "/api/receipts/{receipt}", "Check a vote receipt", None, 200, None, None),
    (
        "post",
        "/api/webhooks/sms/{poll_id}",
        "SMS aggregator batch",
        v.SmsBatchIn,
        200,
        v.SmsBatchOut,
        "signed",
    ),
    (
        "post",
        "/api/webhooks/donations/{poll_id}",
        "Donation event",
        v.DonationIn,
        200,
        v.DonationOut,
        "signed",
    ),
    ("post", "/api/producer/polls", "Create a poll", v.PollIn, 201, None, "producer"),
    ("post", "/api/producer/polls/{poll_id}/open", "Open the window", v.WindowIn, 200, None, "producer"),
    ("post", "/api/producer/polls/{poll_id}/close", "Close the window now", None, 200, None, "producer"),
    (
        "post",
        "/api/producer/polls/{poll_id}/channels/{channel}/{action}",
        "Pause, resume or restore a channel",
        None,
        200,
        None,
        "producer",
    ),
    (
        "post",
        "/api/producer/polls/{poll_id}/voids",
        "Void a channel, voter or IP range",
        v.VoidIn,
        201,
        None,
        "producer",
    ),
    (
        "post",
        "/api/producer/polls/{poll_id}/voids/{void_id}/lift",
        "Lift a void",
        None,
        200,
        None,
        "producer",
    ),
    ("get", "/api/producer/polls/{poll_id}/tally", "Live tally (producer only)", None, 200, None, "producer"),
    ("get", "/api/producer/polls/{poll_id}/recount", "Recount vs certified", None, 200, None, "producer"),
    ("get", "/api/producer/polls/{poll_id}/audit", "Audit log", None, 200, None, "producer"),
    ("get", "/api/producer/polls/{poll_id}/anomalies", "Anomaly report", None, 200, None, "producer"),
    ("post", "/api/producer/polls/{poll_id}/certify", "Certify the closed poll", None, 200, None, "producer"),
]

PARAMS = {
    "poll_id": {"type": "string", "minLength": 1, "maxLength": 64},
    "receipt": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "channel": {"type": "string", "enum": ["web", "sms", "donations"]},
    "action": {"type": "string", "enum": ["pause", "resume", "restore"]},
    "void_id": {"type": "integer", "minimum": 1, "maximum": 2**53},
}
ERRORS = {
    "401": "missing or bad producer token / webhook signature",
    "403": "window closed, channel paused or voided, challenge failed, results hidden",
    "404": "no such poll, channel or receipt",
    "409": "idempotency key reused for another vote; state conflict",
    "422": "malformed body or invalid choice",
    "429": "vote cap or rate limit",
    "503": "the ledger could not store the request (nothing was stored): send it again",
}


def openapi_document() -> dict:
    types = [v.Error] + [op[3] for op in OPERATIONS if op[3]] + [op[5] for op in OPERATIONS if op[5]]
    _, components = msgspec.json.schema_components(types, ref_template="#/components/schemas/{name}")
    error_ref = {"$ref": "#/components/schemas/Error"}
    paths: dict = {}
    for method, path, summary, body, status, out, security in OPERATIONS:
        names = [seg[1:-1] for seg in path.split("/") if seg.startswith("{")]
        op: dict = {
            "summary": summary,
            "operationId": f"{method}_{path.strip('/').replace('/', '_').replace('{', '').replace('}', '')}",
            "parameters": [{"name": n, "in": "path", "required": True, "schema": PARAMS[n]} for n in names],
            "responses": {
                str(status): {
                    "description": "success",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{out.__name__}"}
                            if out
                            else {"type": "object"}
                        }
                    },
                },
                **{
                    code: {"description": text, "content": {"application/json": {"schema": error_ref}}}
                    for code, text in ERRORS.items()
                },
            },
        }
        if body is not None:
            op["requestBody"] = {
                "required": body is not v.WindowIn,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{body.__name__}"}}
                },
            }
        if body is v.VoteIn:
            op["parameters"].append(
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                }
            )
            op["responses"]["200"] = {
                "description": "a retry: the original receipt",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Receipt"}}},
            }
        if security == "producer":
            op["security"] = [{"producer": []}]
        elif security == "signed":
            op["parameters"].append(
                {
                    "name": "Floorcraft-Signature",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string"},
                }
            )
        paths.setdefault(path, {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "floorcraft voting API", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"producer": {"type": "http", "scheme": "bearer"}},
        },
    }
