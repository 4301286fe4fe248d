"""Who sees and changes what in the plans app (registered with accounts.access).

* Provincial DARD staff and admins: everything.
* District officers, commune officials and department staff: *published* plans of their province
  and what hangs off them, narrowed to their own unit (products, funding, reports, training) or,
  for departments, to the tasks their department leads or cooperates on.
* Council members and producers: nothing here, except producers' own revenue figures.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from accounts import access
from accounts.models import Role

from . import workflows
from .models import (
    Allocation,
    Amendment,
    AnnualPlan,
    Disbursement,
    DutyTemplate,
    LegalBasis,
    Milestone,
    PeriodicReport,
    PlanProduct,
    PlanVersion,
    ProgressAttachment,
    ProgressReport,
    RevenueReport,
    StepWindow,
    Target,
    Task,
    TrainingAttendance,
    TrainingSession,
)

LOCAL = (Role.DISTRICT, Role.COMMUNE)
NOBODY = (Role.COUNCIL, Role.PRODUCER)


def _none(user, qs):
    return qs.none()


def _all(user, qs):
    return qs


def province_codes(user) -> list[str]:
    """Codes of the units above (and including) the user's unit, plus their department's province, plus
    the units that succeeded them: a department of a province merged into another (Quảng Nam's into
    Thành phố Đà Nẵng on 01/07/2025) works on the plans of the unit that holds its territory today."""
    from accounts.models import UnitSuccession

    codes = []
    if getattr(user, "unit_id", None):
        codes.extend(user.unit.ancestor_codes())
    department = getattr(user, "department", None)
    if department is not None:
        codes.append(department.province.code)
    if not codes:
        return codes
    cached = getattr(user, "_plan_province_codes", None)
    if cached is not None and cached[0] == codes:
        return cached[1]
    successors = UnitSuccession.objects.filter(
        predecessor__code__in=codes, date__lte=timezone.localdate()
    ).values_list("successor__code", flat=True)
    result = [*codes, *(c for c in successors if c not in codes)]
    user._plan_province_codes = (codes, result)
    return result


def _published_plans_of_province(user, qs):
    return qs.filter(status=workflows.PUBLISHED, province__code__in=province_codes(user))


def _own_producer(user, qs):
    producer_id = getattr(getattr(user, "producer_account", None), "producer_id", None)
    return qs.filter(producer_id=producer_id) if producer_id else qs.none()


def _in_unit(lookup):
    def rule(user, qs):
        if not user.unit_id:
            return qs.none()
        return qs.filter(**{f"{lookup}__path__startswith": user.unit.path})

    return rule


def _plans(user):
    return access.visible(user, AnnualPlan).values("pk")


def _via_plan(prefix="plan", extra=None):
    """Rows whose plan the user may see, further narrowed by ``extra`` (a role rule) if given."""

    def rule(user, qs):
        qs = qs.filter(**{f"{prefix}__in": _plans(user)})
        return extra(user, qs) if extra else qs

    return rule


def _dept_tasks(user, qs):
    if not user.department_id:
        return qs.none()
    coop = Task.cooperating.through.objects.filter(department_id=user.department_id).values("task_id")
    return qs.filter(Q(lead_department_id=user.department_id) | Q(pk__in=coop))


def _district_tasks(user, qs):
    return qs.filter(lead_group__in=["districts", "communes"])


def _commune_tasks(user, qs):
    return qs.filter(lead_group="communes")


def _reports_of_visible_tasks(user, qs):
    return qs.filter(task__in=access.visible(user, Task).values("pk"))


def _training_local(user, qs):
    if not user.unit_id:
        return qs.none()
    return qs.filter(Q(unit__path__startswith=user.unit.path) | Q(unit__level__code="province"))


def register():
    # The plan itself and its sections.
    plan_view = {r: _published_plans_of_province for r in (*LOCAL, Role.DEPARTMENT)}
    plan_view.update({r: _none for r in NOBODY})
    access.register(
        AnnualPlan,
        access.Policy(view=plan_view, change={r: _none for r in (*LOCAL, Role.DEPARTMENT, *NOBODY)}),
    )
    section_view = {r: _via_plan() for r in (*LOCAL, Role.DEPARTMENT)}
    section_view.update({r: _none for r in NOBODY})
    for model in (LegalBasis, Milestone, StepWindow, Target, PlanVersion, Amendment):
        access.register(
            model,
            access.Policy(view=section_view, change={r: _none for r in (*LOCAL, Role.DEPARTMENT, *NOBODY)}),
        )

    # The product list: localities see their own products, departments the whole list.
    pp_view = {r: _via_plan(extra=_in_unit("product__commune")) for r in LOCAL}
    pp_view[Role.DEPARTMENT] = _via_plan()
    pp_view.update({r: _none for r in NOBODY})
    access.register(
        PlanProduct,
        access.Policy(
            unit="product__commune",
            view=pp_view,
            change={r: _none for r in (*LOCAL, Role.DEPARTMENT, *NOBODY)},
        ),
    )

    # Tasks: departments see the ones they lead or cooperate on; districts the locality-led ones.
    access.register(
        Task,
        access.Policy(
            view={
                Role.DEPARTMENT: _via_plan(extra=_dept_tasks),
                Role.DISTRICT: _via_plan(extra=_district_tasks),
                Role.COMMUNE: _via_plan(extra=_commune_tasks),
                Role.COUNCIL: _none,
                Role.PRODUCER: _none,
            },
            change={r: _none for r in (*LOCAL, Role.DEPARTMENT, *NOBODY)},
        ),
    )
    access.register(
        ProgressReport,
        access.Policy(
            unit="unit",
            view={
                Role.DEPARTMENT: _reports_of_visible_tasks,
                Role.DISTRICT: _in_unit("unit"),
                Role.COMMUNE: _in_unit("unit"),
                Role.COUNCIL: _none,
                Role.PRODUCER: _none,
            },
            change={r: _none for r in (*LOCAL, Role.DEPARTMENT, *NOBODY)},
        ),
    )
    access.register(
        ProgressAttachment,
        access.Policy(
            view={
                r: (lambda user, qs: qs.filter(report__in=access.visible(user, ProgressReport).values("pk")))
                for r in (*LOCAL, Role.DEPARTMENT)
            }
            | {r: _none for r in NOBODY},
            change={r: _none for r in (*LOCAL, Role.DEPARTMENT, *NOBODY)},
        ),
    )
    access.register(
        DutyTemplate,
        access.Policy(
            view={
                Role.DISTRICT: _all,
                Role.DEPARTMENT: _all,
                Role.COMMUNE: _none,
                Role.COUNCIL: _none,
                Role.PRODUCER: _none,
            },
            change={r: _none for r in (*LOCAL, Role.DEPARTMENT, *NOBODY)},
        ),
    )

    # Training: localities see their own sessions and the provincial ones; record their own.
    access.register(
        TrainingSession,
        access.Policy(
            unit="unit",
            view={r: _via_plan(extra=_training_local) for r in LOCAL}
            | {Role.DEPARTMENT: _via_plan()}
            | {r: _none for r in NOBODY},
            change={Role.DISTRICT: _via_plan(extra=_in_unit("unit"))}
            | {r: _none for r in (Role.COMMUNE, Role.DEPARTMENT, *NOBODY)},
        ),
    )
    access.register(
        TrainingAttendance,
        access.Policy(
            view={
                r: (
                    lambda user, qs: qs.filter(session__in=access.visible(user, TrainingSession).values("pk"))
                )
                for r in (*LOCAL, Role.DEPARTMENT)
            }
            | {r: _none for r in NOBODY},
            change={
                Role.DISTRICT: lambda user, qs: qs.filter(
                    session__in=access.editable(user, TrainingSession).values("pk")
                )
            }
            | {r: _none for r in (Role.COMMUNE, Role.DEPARTMENT, *NOBODY)},
        ),
    )

    # Funding: a district sees its own allocations and reports its own disbursements.
    access.register(
        Allocation,
        access.Policy(
            unit="locality",
            view={r: _via_plan(extra=_in_unit("locality")) for r in LOCAL}
            | {Role.DEPARTMENT: _via_plan()}
            | {r: _none for r in NOBODY},
            change={r: _none for r in (*LOCAL, Role.DEPARTMENT, *NOBODY)},
        ),
    )
    access.register(
        Disbursement,
        access.Policy(
            unit="locality",
            view={r: _via_plan(extra=_in_unit("locality")) for r in LOCAL}
            | {Role.DEPARTMENT: _via_plan()}
            | {r: _none for r in NOBODY},
            change={Role.DISTRICT: _via_plan(extra=_in_unit("locality"))}
            | {r: _none for r in (Role.COMMUNE, Role.DEPARTMENT, *NOBODY)},
        ),
    )

    # Periodic reports: the district's own; departments read them.
    access.register(
        PeriodicReport,
        access.Policy(
            unit="district",
            view={Role.COMMUNE: _none, Role.COUNCIL: _none, Role.PRODUCER: _none},
            change={r: _none for r in (Role.COMMUNE, Role.DEPARTMENT, *NOBODY)},
        ),
    )
    # Revenue figures: districts for their producers, producers their own.
    access.register(
        RevenueReport,
        access.Policy(
            unit="producer__commune",
            producer="producer",
            view={Role.COUNCIL: _none},
            change={
                Role.COMMUNE: _none,
                Role.DEPARTMENT: _none,
                Role.COUNCIL: _none,
                Role.PRODUCER: _own_producer,
            },
        ),
    )
