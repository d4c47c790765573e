"""Print, as JSON, what bench/forms.py loads: per client an official of its own unit on the
2025 set (in self-assessment) and a unit of the 2024 set (under appraisal) for the
appraiser, with session cookies and the form addresses.

Each client works on its own unit, so that two clients never save the same leaves (that
would be a conflict, not a save). Units with a not-applicable leaf are skipped: each form
has all 84 official leaves (100 for the appraisal). Run by bench/forms.py with the
benchmark's environment.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.urls import reverse  # noqa: E402
from prepare import session_cookie  # noqa: E402  (sets Django up)

from accounts.models import Role, User  # noqa: E402
from assessments.models import Assessment, AssessmentStatus  # noqa: E402
from indexes.models import IndexSet, NotApplicable  # noqa: E402
from units.models import Unit  # noqa: E402

SELF_SET, APPRAISAL_SET = "bench-xa-2025", "bench-xa-2024"


def main(clients: int) -> None:
    exempt = set(NotApplicable.objects.values_list("unit_id", flat=True))
    units = [u for u in Unit.objects.filter(valid_to__isnull=True).order_by("code")]
    units = [u for u in units if u.pk not in exempt][: clients + 1]
    self_set = IndexSet.objects.get(code=SELF_SET)
    appraisal_set = IndexSet.objects.get(code=APPRAISAL_SET)
    # Drafts and submitted self-assessments: both forms are open for these units.
    Assessment.objects.filter(index_set=self_set, unit__in=units).update(
        status=AssessmentStatus.DRAFT, submitted_at=None
    )
    Assessment.objects.filter(index_set=appraisal_set, unit__in=units).update(
        status=AssessmentStatus.SUBMITTED
    )
    appraiser, _ = User.objects.get_or_create(
        username="bench-appraiser", defaults={"role": Role.APPRAISER}
    )
    appraiser_cookie = session_cookie(appraiser)
    plan = []
    for unit in units:
        official, _ = User.objects.get_or_create(
            username=f"bench-official-{unit.code}",
            defaults={"role": Role.OFFICIAL, "unit": unit},
        )
        plan.append(
            {
                "unit": unit.code,
                "official": session_cookie(official),
                "appraiser": appraiser_cookie,
                "self": reverse(
                    "assessments:self-assessment",
                    kwargs={"unit_code": unit.code, "set_code": SELF_SET},
                ),
                "appraisal": reverse(
                    "assessments:appraisal",
                    kwargs={"unit_code": unit.code, "set_code": APPRAISAL_SET},
                ),
            }
        )
    print(json.dumps({"trivial": reverse("login"), "clients": plan}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
