"""Vietnamese first: the UI is Vietnamese unless the user chose another language."""

from django.conf import settings
from django.utils import translation


class PreferredLanguageMiddleware:
    """Like LocaleMiddleware, but ignores the browser's Accept-Language.

    A civil servant's browser is often set to English; the portal still speaks Vietnamese until
    the user switches with the language menu (which sets the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
