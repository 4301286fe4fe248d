"""The role-aware navigation. Apps append entries in their ``AppConfig.ready``."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]  # roles that see the entry; "*" = every signed-in user
    icon: str = ""
    order: int = 100


_items: list[NavItem] = []


def add(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)


# Menu groups by URL namespace: a group with several entries for a role becomes a dropdown.
GROUPS = {
    "products": (_("Registry"), "box-seam"),
    "producers": (_("Registry"), "box-seam"),
    "dossiers": (_("Dossiers"), "folder2-open"),
    "evaluation": (_("Evaluation"), "clipboard-check"),
    "certificates": (_("Evaluation"), "clipboard-check"),
    "plans": (_("Plans"), "calendar3"),
    "tradefairs": (_("Promotion"), "shop"),
}


def items_for(role: str | None):
    """The role's menu: plain links, and dropdowns ({"label", "icon", "children"}) for groups."""
    if role is None:
        return []
    out, groups = [], {}
    for item in sorted(_items, key=lambda i: i.order):
        if not ("*" in item.roles or role in item.roles):
            continue
        try:
            entry = {
                "label": item.label,
                "url": reverse(item.url_name),
                "icon": item.icon,
                "name": item.url_name,
            }
        except NoReverseMatch:
            continue
        namespace = item.url_name.split(":", 1)[0] if ":" in item.url_name else ""
        group = GROUPS.get(namespace)
        if group is None:
            out.append(entry)
            continue
        key = str(group[0])
        if key not in groups:
            groups[key] = {"label": group[0], "icon": group[1], "children": [], "names": []}
            out.append(groups[key])
        groups[key]["children"].append(entry)
        groups[key]["names"].append(item.url_name)
    # a group with a single entry is shown as that entry
    return [g["children"][0] if "children" in g and len(g["children"]) == 1 else g for g in out]


def flat_names(items) -> set[str]:
    """Every URL name in a menu built by :func:`items_for` (dropdowns included)."""
    names = set()
    for item in items:
        if "children" in item:
            names |= {child["name"] for child in item["children"]}
        else:
            names.add(item["name"])
    return names
