"""Request bodies are bounded before they are read; only staff upload files.

A hostile client chooses the declared size, the encoding and whether it sends a
file: each is refused with a 4xx page in the site's look, never a 500.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from leads.models import LostReason, ScoringWeights
from leads.services.intake.stamps import Stamp

pytestmark = pytest.mark.django_db

FORM = reverse("leads:request")
HUNDRED_MB = 100 * 1024 * 1024
BOUNDARY = "BoUnDaRy"


def stored_leads_rows():
    """Rows of the leads app, but for the lists its migrations fill."""
    return sum(
        model.objects.count()
        for model in apps.get_app_config("leads").get_models()
        if model not in (LostReason, ScoringWeights)
    )


def multipart_with_a_file(size):
    return (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="full_name"\r\n\r\n'
            "Eve\r\n"
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="attachment"; filename="big.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Where any file Django kept would land: every file, as none fits memory."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return tmp_path


def test_a_declared_hundred_megabytes_get_413_without_a_byte_read():
    # The test client's payload raises if more than these few bytes are read.
    response = Client().generic(
        "POST",
        FORM,
        multipart_with_a_file(10),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(HUNDRED_MB),
    )
    assert response.status_code == 413
    assert "That request was too large" in response.content.decode()
    assert response["Content-Security-Policy"]
    assert response["X-Request-ID"]
    assert stored_leads_rows() == 0


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", f"multipart/form-data; boundary={BOUNDARY}"],
)
def test_a_body_just_over_the_form_bound_gets_413(settings, content_type):
    body = b"requirements=" + b"x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = Client().generic("POST", FORM, body, content_type=content_type)
    assert response.status_code == 413
    assert stored_leads_rows() == 0


def test_a_file_sent_to_the_form_gets_400_and_is_never_stored(upload_dir):
    response = Client().generic(
        "POST",
        FORM,
        multipart_with_a_file(100 * 1024),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 400
    assert "We could not understand that request" in response.content.decode()
    assert list(upload_dir.iterdir()) == []
    assert stored_leads_rows() == 0


def test_a_body_of_unknown_length_gets_411():
    response = Client().generic(
        "POST",
        FORM,
        b"5\r\nhello\r\n0\r\n\r\n",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411
    assert "We could not understand that request" in response.content.decode()


def test_the_form_still_takes_fields_sent_as_multipart(client):
    # Django's test client, and some scripts, send plain fields this way.
    data = {"full_name": "Amara Diallo", "email": "not an address"}
    response = client.post(FORM, data | {"stamp": Stamp().sign()})
    assert response.status_code == 200
    assert response.context["form"].data["full_name"] == "Amara Diallo"


def test_anonymous_file_to_the_admin_login_gets_400(upload_dir):
    response = Client().post(
        reverse("admin:login"),
        {"username": "editor", "password": "x", "file": SimpleUploadedFile("a", b"x")},
    )
    assert response.status_code == 400
    assert list(upload_dir.iterdir()) == []


@pytest.fixture
def editor_client(client, django_user_model):
    """Staff who may add briefings (editors need no second factor)."""
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["add_briefing", "view_briefing"])
    )
    client.force_login(editor)
    return client


def test_staff_upload_over_the_admin_bound_gets_413(editor_client, settings):
    settings.UPLOAD_MAX_BODY_SIZE = 64 * 1024
    image = SimpleUploadedFile("map.png", b"x" * (64 * 1024), content_type="image/png")
    response = editor_client.post(
        reverse("admin:briefings_briefing_add"), {"image": image}
    )
    assert response.status_code == 413
    assert "That request was too large" in response.content.decode()


def test_staff_upload_within_the_admin_bound_reaches_the_admin_form(editor_client):
    # Above the form's bound, below the admin's: the admin validates the image.
    image = SimpleUploadedFile("map.png", b"x" * (512 * 1024), content_type="image/png")
    response = editor_client.post(
        reverse("admin:briefings_briefing_add"), {"image": image}
    )
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
