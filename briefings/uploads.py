"""Where uploads are stored: under a random folder, so that the image of a
briefing nobody may read yet cannot be found by guessing its file name."""

import secrets

from django.utils.text import get_valid_filename


def random_path(folder, filename):
    return f"{folder}/{secrets.token_urlsafe(12)}/{get_valid_filename(filename)}"


def briefing_image_path(instance, filename):
    return random_path("briefings", filename)


def analyst_photo_path(instance, filename):
    return random_path("analysts", filename)
