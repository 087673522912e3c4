"""Run every app's daily jobs (communities/daily.py) and print what each did; or schedule them on the worker."""

from django.core.management.base import BaseCommand, CommandError

from communities.daily import daily_schedule, run_daily


class Command(BaseCommand):
    help = (
        "Run the daily jobs of every app (purges, retention, ...) and print what each did; safe to run twice. "
        "In production, run it from cron once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="instead, have the task worker run them every day at 03:00 Asia/Shanghai (`make run` does this)",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            try:
                run_after = daily_schedule()
            except ValueError as error:
                raise CommandError(str(error)) from error
            if run_after is None:
                self.stdout.write("daily jobs: already waiting for the task worker")
            else:
                self.stdout.write(f"daily jobs: the task worker runs them at {run_after:%Y-%m-%d %H:%M %Z}")
            return
        failed = []
        for name, summary, ok in run_daily():
            self.stdout.write(f"{name}: {summary}")
            if not ok:
                failed.append(name)
        if failed:
            raise CommandError(f"daily jobs failed: {', '.join(failed)}")
