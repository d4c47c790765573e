"""What the browser tests share: signing a user in through the real login form."""

from tests.factories import PASSWORD


def sign_in(page, live_server, user) -> None:
    """Sign `user` in on a fresh session (the cookies of whoever was signed in before are
    cleared), through the login form as a person would."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
