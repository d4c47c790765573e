"""`manage.py seed_demo [--units N]`: Cao Lãnh city's demo data, for development only."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from demo import restructuring
from demo.commitments import seed_commitments_demo
from demo.library import seed_library_demo
from demo.plan import seed_plan_demo
from demo.seeding import DemoSeedRefused, demo_seed


class Command(BaseCommand):
    help = (
        "Create or refresh the demo: Cao Lãnh city's 27 units, index sets 2022-2024, "
        "scores and logins (development only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--units",
            type=int,
            default=0,
            metavar="N",
            help="Also add N synthetic communes (xa-demo-0001 …) with scores, for load tests.",
        )

    def handle(self, *args, **options) -> None:
        if options["units"] < 0:
            raise CommandError(_("--units must be 0 or more."))
        started = time.perf_counter()
        try:
            summary = demo_seed(synthetic_units=options["units"])
        except DemoSeedRefused as error:
            raise CommandError(
                _(
                    "Refusing to seed the demo: it creates accounts with a public password, "
                    "and DEBUG is off. Run it only on a development machine."
                )
            ) from error
        elapsed = time.perf_counter() - started

        write = self.stdout.write
        write(_("Units: {count} real").format(count=summary.units), ending="")
        if summary.synthetic_units:
            write(
                _(", {count} synthetic communes").format(count=summary.synthetic_units), ending=""
            )
        write("")
        for index_set in summary.index_sets:
            write(f"  {index_set.code} ({index_set.year}, {index_set.get_phase_display()})")
        write(_("Scores created: {count}").format(count=summary.scores_created))
        write("")
        rows = [(_("Username"), _("Role"), _("Unit"))]
        rows += [(login.username, login.role, login.unit) for login in summary.logins]
        widths = [max(len(str(row[column])) for row in rows) for column in range(2)]
        for username, role, unit in rows:
            write(f"  {username:<{widths[0]}}  {role:<{widths[1]}}  {unit}".rstrip())
        write(_("Password for every demo login: {password}").format(password=summary.password))
        seconds = number_format(round(elapsed, 1), decimal_pos=1)
        write(self.style.SUCCESS(_("Demo ready in {seconds} s.").format(seconds=seconds)))
        restructuring.run(self.stdout)
        seed_commitments_demo(stdout=self.stdout)
        seed_library_demo(stdout=self.stdout)
        seed_plan_demo(stdout=self.stdout)
