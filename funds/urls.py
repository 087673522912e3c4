"""Staff pages of the funds app, under /c/<slug>/funds/."""

app_name = "funds"

urlpatterns: list = []
