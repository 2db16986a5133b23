"""Middleware of the project."""

from django.utils import translation


class APILanguageMiddleware:
    """The read API answers in the language the client asks for (Accept-Language).

    Pages take their language from the URL (French without a prefix, /en/...), which makes
    Django's LocaleMiddleware ignore Accept-Language on every unprefixed path; the API has no
    language prefix, so its messages follow the client's header instead, French by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
