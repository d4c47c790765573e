"""The API's one error shape: {"error": {"code": ..., "message": ...}} with a stable code."""

from django.http import JsonResponse


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, headers: dict | None = None):
    response = JsonResponse({"error": {"code": code, "message": str(message)}}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
