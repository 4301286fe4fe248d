"""The role-aware navigation. Apps append entries in their ``AppConfig.ready``."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


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


def items_for(role: str | None):
    if role is None:
        return []
    out = []
    for item in sorted(_items, key=lambda i: i.order):
        if "*" in item.roles or role in item.roles:
            try:
                out.append(
                    {
                        "label": item.label,
                        "url": reverse(item.url_name),
                        "icon": item.icon,
                        "name": item.url_name,
                    }
                )
            except NoReverseMatch:
                continue
    return out
