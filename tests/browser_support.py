"""Steps shared by the browser journeys."""


def log_in(page, username: str, password: str) -> None:
    """Log in as ``username``, ending whoever's session the browser had."""
    page.context.clear_cookies()
    page.goto(page.base + "/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector("text=机关事务智慧运营标准体系")
