"""Demo plans: Quảng Nam 2022 (seed 000), 2023 (seeds 002/003) and the current year.

The 2022 and 2023 plans carry the seeds' own numbers, dates, legal bases, objectives, milestones,
targets and the eleven units' duties. The current year's plan is invented demo data of the unit that
holds the province today (the merged Thành phố Đà Nẵng, two-tier: communes instead of districts), with
milestones relative to today (some passed, some in the coming weeks), tasks in every state,
training, funding, periodic reports and revenue figures. Idempotent: existing plans are kept.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import AdministrativeUnit, User

from ..duties import load_templates
from ..models import DutyTemplate
from .current import seed_current
from .seeded import seed_2022, seed_2023


def seed(out):
    created, _updated = load_templates()
    province = AdministrativeUnit.objects.get(code="49")
    by = User.objects.filter(username="demo_province").first()
    if by is None:
        return "no demo_province user: skipped"
    today = timezone.localdate()
    made = [p for p in (seed_2022(province, by), seed_2023(province, by)) if p]
    # This year's plan is the plan of the unit that holds the province today (Thành phố Đà Nẵng since
    # the 2025 merger), made by its Sở Nông nghiệp và Môi trường.
    from accounts.successions import today_unit

    holder = today_unit(province, today)
    city_staff = (
        User.objects.filter(username="demo_city", unit=holder).first() if holder != province else None
    )
    current = seed_current(holder, city_staff or by, today) if today.year not in (2022, 2023) else None
    if current:
        made.append(current)
    if not made:
        return f"{DutyTemplate.objects.count()} duty templates; plans already present"
    return f"{DutyTemplate.objects.count()} duty templates; plans {', '.join(str(p.year) for p in made)}"
