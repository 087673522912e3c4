"""Public (no account) pages of the funds app, under /p/<token>/funds/ and /r/ (receipt check)."""

app_name = "funds_public"

urlpatterns: list = []
