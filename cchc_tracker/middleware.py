from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the user chose English with the language switch.

    Office computers often run an English browser; the product is Vietnamese first, so
    the browser's Accept-Language header must not pick the language (except on the
    API, where the caller is a program that asks for one). Django's
    LocaleMiddleware (after this one) still honours the language cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Machines calling the API (/api/) choose their language with the header.
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
