"""Small helpers shared by the staff pages of the funds app."""

PAGE_SIZE = 50


def _posted(request):
    """The submitted data of a POST (even an empty one, so it is validated), None otherwise."""
    return request.POST if request.method == "POST" else None


def _slug(request) -> str:
    return request.community.slug
