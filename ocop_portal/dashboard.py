"""Dashboard cards: apps register a function ``(user) -> list[dict] `` of cards."""

from collections.abc import Callable

_providers: list[Callable] = []


def register(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def cards_for(user) -> list[dict]:
    cards: list[dict] = []
    for provider in _providers:
        cards.extend(provider(user) or [])
    for card in cards:
        # the template reads card.items: without the key it would find dict.items() and list its pairs
        card.setdefault("items", [])
    return sorted(cards, key=lambda c: c.get("order", 100))
