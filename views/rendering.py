"""Page-or-fragment rendering, and the small response helpers every HTMX view shares."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, render_template
from htmx_flask import make_response, request


def is_htmx() -> bool:
    # A history restore asks for a whole page even though htmx sent it.
    return bool(request.htmx) and not request.htmx.history_restore_request


def render(template_name: str, block: str | None = None, **context) -> str:
    """Render the full page, or for an HTMX request only `block` of that same template.

    One template serves both, so the page and its fragment cannot drift apart.
    """
    if block is None or not is_htmx():
        return render_template(template_name, **context)
    template = current_app.jinja_env.get_or_select_template(template_name)
    current_app.update_template_context(context)
    return "".join(template.blocks[block](template.new_context(context)))


def render_partial(template_name: str, **context) -> str:
    return render_template(template_name, **context)


def form_errors_response(html: str, target: str):
    """Send a rejected form back in place of the form (422, which our htmx config swaps)."""
    return make_response(html, 422, retarget=target, reswap="outerHTML")


def htmx_redirect(url: str):
    return make_response("", 204, redirect=url)


def oob_template(*parts: str) -> str:
    """Out-of-band pieces sent beside a table row, wrapped in a <template>.

    A response that starts with <tr> is parsed in table context, where a <form> would be emptied
    and its inputs spilled into the table; inside a <template> each piece parses on its own, and
    htmx 2 swaps the out-of-band elements it finds there.
    """
    return "<template>" + "".join(parts) + "</template>"


def local_url(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default`: a redirect must not lead elsewhere.

    urlsplit drops tabs and newlines as browsers do, so "/\t/evil.example" is seen for what it is.
    """
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return default


def pdf_font_family():
    """The configured PDF font family; a misconfiguration answers 500 with what to change, not boxes."""
    from webapp.documents import fonts as pdf_fonts
    try:
        return pdf_fonts.family(current_app.config.get("PDF_FONT_DIR"))
    except pdf_fonts.FontError as error:
        current_app.logger.error("PDF fonts: %s", error)
        abort(make_response(render_template(
            "errors/error.html", status=500, title="Không tạo được tài liệu PDF",
            message=f"Phông chữ in tài liệu chưa dùng được. {error}"), 500))
