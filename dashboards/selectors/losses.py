"""The worst leaves of each unit (assessments/losses.py), kept per unit in the cache under
the unit's data version, so that after a save only the changed units are asked again."""

from django.core.cache import cache

from assessments.losses import LeafLoss, worst_leaves
from dashboards.cache import PAYLOAD_SECONDS, Fingerprint, generation
from indexes.models import IndexSet


def worst_leaves_kept(
    *, index_set: IndexSet, unit_ids: list[int], limit: int, fp: Fingerprint, versions: dict
) -> dict[int, list[LeafLoss]]:
    """`worst_leaves`, kept per unit under the unit's data version and the set's shape
    (`versions` as the set's results read them, dashboards/incremental.py): after a save,
    only the units whose scores changed are asked again."""
    keys = {
        unit_id: ":".join(
            [
                "dashboards:losses",
                generation(),
                str(index_set.pk),
                fp.shapes.get(index_set.pk, "-"),
                fp.units,
                str(versions.get(unit_id, "-")),
                str(unit_id),
                str(limit),
            ]
        )  # fmt: skip
        for unit_id in unit_ids
    }
    found = cache.get_many(list(keys.values()))
    missing = [unit_id for unit_id in unit_ids if keys[unit_id] not in found]
    fresh = worst_leaves(index_set=index_set, unit_ids=missing, limit=limit)
    cache.set_many({keys[unit_id]: fresh[unit_id] for unit_id in missing}, PAYLOAD_SECONDS)
    return {unit_id: found.get(keys[unit_id]) or fresh.get(unit_id, []) for unit_id in unit_ids}
