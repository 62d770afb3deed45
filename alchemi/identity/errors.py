"""The one error type identity services raise; routers turn it into a JSON answer."""
from __future__ import annotations

from fastapi.responses import JSONResponse


class IdentityError(Exception):
    """A request identity refuses; `status` is the HTTP status it maps to."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status

    def response(self) -> JSONResponse:
        return JSONResponse(status_code=self.status,
                            content={"error": {"message": str(self), "code": str(self.status)}})
