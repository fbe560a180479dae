"""Steps and rules shared by the browser journeys and the page walks (Chromium and the test client)."""

import re

PAGES_PER_ROLE = 30
# Links that change state when followed, download a file, or leave the UI.
SKIP = re.compile(r"/logout|/i18n/|/export/|\.(xlsx|docx|pdf|csv|png|svg|zip)(\?|$)|/download|/result|/drafts/\d+/"
                  r"|/admin/.+/(add|delete|history|password)/|/admin/(jsi18n|logout)|/media/|/api/")
# Elements whose text is content, not interface: English or Chinese data (titles, names, numbers) is
# marked in the templates with lang or translate="no"; scripts, styles and code are not read.
NOT_INTERFACE = "[lang], [translate=no], script, style, code"
NOT_INTERFACE_XPATH = ".//*[@lang or @translate='no' or self::script or self::style or self::code]"  # the same
# Words that are Chinese interface too: file formats, standards bodies, codes people use as they are.
ALLOWED_WORDS = {"Excel", "CSV", "Word", "PDF", "PNG", "SVG", "ISO", "IEC", "ICS", "CCS", "GB", "DB", "API",
                 "IP", "URL", "HTTP", "HTTPS", "JSON", "Token", "SZJG", "NB", "SZAS", "ID", "KB", "MB",
                 "xlsx", "docx", "csv", "pdf", "zip", "XLSX", "DOCX", "ZIP", "govstd", "UTF", "SHA", "RFID"}
STANDARD_NUMBER = re.compile(r"(?:[A-Z]{1,6}(?:/[A-Z]{1,6})*\s?\d[\w.\-—–:]*)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DIGEST = re.compile(r"[0-9a-f]{8,}")  # a file's SHA-256, shown in the audit log
# Chinese characters and the full-width punctuation that goes with them.
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def english_words(text: str) -> list[str]:
    """The English words of Chinese interface text that are not names people use as they are."""
    text = STANDARD_NUMBER.sub(" ", EMAIL.sub(" ", DIGEST.sub(" ", text)))
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text) if w not in ALLOWED_WORDS]


def chinese_text(text: str) -> list[str]:
    """The runs of Chinese in English interface text."""
    return CHINESE.findall(text)


def log_in(page, username: str, password: str) -> None:
    """Log in as ``username``, ending whoever's session the browser had."""
    page.context.clear_cookies()
    page.goto(page.base + "/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector("text=机关事务智慧运营标准体系")
