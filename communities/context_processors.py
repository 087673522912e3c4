from django.conf import settings

TEXT_SIZE_COOKIE = "hehuo_text"


def ui(request):
    return {
        "large_text": request.COOKIES.get(TEXT_SIZE_COOKIE) == "large",
        "current_community": getattr(request, "community", None),
        "current_membership": getattr(request, "membership", None),
        "DEBUG": settings.DEBUG,
    }
