from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

API_PREFIX = "/api/"


class ChineseByDefaultLocaleMiddleware(LocaleMiddleware):
    """Show Simplified Chinese unless the user chose another language with the switcher.

    Django's own middleware follows the browser's Accept-Language; office machines often run
    English-language browsers, and the platform's users expect Chinese. A program calling the API has
    no switcher: there an Accept-Language naming a language the platform speaks is that choice, so its
    error messages come in the language it asked for (Chinese otherwise). A page's own calls to the API
    (the large screen's tiles, with the session's cookie) speak the page's language, not the browser's.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES):
            language = chosen
        elif request.path_info.startswith(API_PREFIX) and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
