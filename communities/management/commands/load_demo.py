import importlib

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo data of the Shuanglong case (safe to run twice)."

    def handle(self, *args, **options):
        # Each app may ship a `demo.load()`; they run in INSTALLED_APPS order, so a higher app finds
        # the lower apps' demo rows in place. Looked up by name so that no app imports one above it.
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            module.load()
            self.stdout.write(f"demo data: {config.label} ok")
