"""API-level errors: HTTP status plus the ETERNUS error body."""

from __future__ import annotations

from typing import Any

# [choice] error_code values for request-level failures (not documented per case).
HTTP_ERROR_CODES: dict[int, str] = {
    400: "0001",
    401: "0002",
    403: "0003",
    404: "0004",
    405: "0005",
    409: "0009",
    413: "0013",
    415: "0015",
    500: "0050",
    503: "0053",
}


class ApiError(Exception):
    """Raised anywhere in the simulator to answer with an error body."""

    def __init__(self, status: int, message: str, error_code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code or HTTP_ERROR_CODES.get(status, "0050")

    def body(self) -> dict[str, Any]:
        return error_body(self.error_code, self.message, self.status)


def error_body(error_code: str, message: str, status: int) -> dict[str, Any]:
    return {
        "error_code": error_code,
        "message": message,
        "internal_code": f"SIM-{status}-{error_code}",
    }
