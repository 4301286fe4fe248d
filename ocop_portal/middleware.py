"""Vietnamese first: the UI is Vietnamese unless the user chose another language."""

from django.conf import settings
from django.http import Http404
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


class FriendlyNotFoundMiddleware:
    """A row the user may not see (or that is gone) answers with the portal's own Vietnamese 404 page,
    also while a developer runs with DJANGO_DEBUG=true — a district officer following a
    link to another district's product must read a clear refusal, not Django's technical page listing
    the URL patterns. Unmatched URLs keep the technical page in DEBUG (it helps developers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            from .views import error_404

            return error_404(request, exception)
        return None
