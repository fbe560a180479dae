from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseByDefaultLocaleMiddleware(LocaleMiddleware):
    """Show Simplified Chinese unless the user chose another language with the switcher.

    Django's own middleware follows the browser's Accept-Language; office machines often run
    English-language browsers, and the platform's users expect Chinese.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
