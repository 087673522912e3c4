from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from communities import public_views
from communities import views as community_views

urlpatterns = [
    path("", community_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("prefs/text-size/", community_views.text_size, name="text_size"),
    path("favicon.ico", community_views.favicon, name="favicon"),
    path("invite/<str:token>/", community_views.invitation_accept, name="invitation_accept"),
    path("p/<str:token>/", public_views.public_board, name="public_board"),
    path("p/<str:token>/notice/", public_views.public_notice, name="public_notice"),
    path("p/<str:token>/household/", public_views.public_household, name="public_household"),
    path("p/<str:token>/leave/", public_views.public_leave, name="public_leave"),
    path("", include("partners.public_urls")),
    path("", include("funds.public_urls")),
    path("", include("needs.public_urls")),
    path("c/<slug:slug>/partners/", include("partners.urls")),
    path("c/<slug:slug>/funds/", include("funds.urls")),
    path("c/<slug:slug>/needs/", include("needs.urls")),
    path("c/<slug:slug>/", include("communities.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.HEHUO_SERVE_MEDIA:
    # Uploads in a directory shared by the app servers (production without S3): communities/media.py.
    from django.urls import re_path

    from communities import media

    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media.media_file, name="media")
    )
