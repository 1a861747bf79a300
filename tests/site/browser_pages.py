"""Opening the built site in Chromium as a reader offline would: one helper the browser tests share."""

from urllib.parse import urlparse

LOCAL_HOSTS = ("127.0.0.1", "localhost")


def open_page(browser, **context_options):
    """A page in a fresh browser context, and the context (close it after use).

    Every request leaving localhost is blocked and recorded in ``page.outside_requests``; console errors and
    uncaught exceptions are recorded in ``page.console_errors``.
    """
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.console_errors, page.outside_requests = [], []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))

    def guard(route):
        url = route.request.url
        if urlparse(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            page.outside_requests.append(url)
            route.abort()

    page.route("**/*", guard)
    return context, page


# The browser's video controls take about this much of the bottom of a video's box (Chromium, any width)
CONTROL_BAR = 48  # CSS px

# The videos shown (of the scheme in view) whose frame the controls would cover: the frame must sit at the top
# of the box with at least CONTROL_BAR px of the box below it. Their file names.
VIDEOS_UNDER_CONTROLS = """(bar) => [...document.querySelectorAll('article video')]
    .filter(v => v.offsetWidth > 0)
    .filter(v => {
        const frame = v.clientWidth * v.getAttribute('height') / v.getAttribute('width');
        const style = getComputedStyle(v);
        return v.clientHeight - frame < bar || style.objectFit !== 'contain'
            || style.objectPosition.split(' ')[1] !== '0%';
    })
    .map(v => v.querySelector('source').src.split('/').pop())"""
