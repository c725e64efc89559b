"""Request bodies are bounded before anything reads them, and only staff upload.

Django reads a body only when the CSRF check or a view asks for ``request.POST``.
So the size the client declares is checked first, in ``__call__``, where nothing
has read the body yet. Then, once the URL is resolved and the user known but
before ``CsrfViewMiddleware`` parses anything, ``process_view`` applies the
route's bound: ``UPLOAD_MAX_BODY_SIZE`` for staff on the admin site, where
briefing images are uploaded, ``DATA_UPLOAD_MAX_MEMORY_SIZE`` everywhere else.
Browsers send a form without files URL-encoded, but a multipart body is not
wrong in itself; a file in it is, anywhere but the admin:
``FilesForStaffUploadHandler`` refuses it before a byte is stored.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.template import loader


def accepts_uploads(request):
    user = request.user
    return (
        "admin" in request.resolver_match.app_names and user.is_active and user.is_staff
    )


def declared_length(request):
    """The body's declared size in bytes: 0 without a body, None if unknown."""
    value = request.META.get("CONTENT_LENGTH") or ""
    if not value:
        # A chunked body has no declared length: Django would read none of it,
        # and silently dropping what a client sent is worse than saying so.
        return None if "HTTP_TRANSFER_ENCODING" in request.META else 0
    return int(value) if value.isdigit() else None


def refuse(status, template_name):
    return HttpResponse(loader.render_to_string(template_name), status=status)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length is None:
            return refuse(411, "400.html")
        largest = max(
            settings.UPLOAD_MAX_BODY_SIZE, settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if length > largest:
            return refuse(413, "413.html")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if accepts_uploads(request):
            limit = settings.UPLOAD_MAX_BODY_SIZE
        else:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if declared_length(request) > limit:
            return refuse(413, "413.html")
        return None


class FilesForStaffUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: a file outside the staff admin is a 400."""

    def new_file(self, *args, **kwargs):
        if not accepts_uploads(self.request):
            raise BadRequest("A file was sent to a page that takes none.")

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
