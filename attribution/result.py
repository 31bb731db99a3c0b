"""The JSON result: quotes, entities and outlets, as documented in openapi.yaml."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from .document import Article
    from .records import Attribution


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"text": text[start:end], "start": start, "end": end}


def empty_result(reason: str, *, title: str | None = None, detail: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "engine": {"version": __version__},
        "title": title,
        "quotes": [],
        "entities": [],
        "outlets": [],
        "skipped": reason,
    }
    if detail:
        out["detail"] = detail
    return out


def build_result(
    article: Article,
    found: list[Attribution],
    *,
    title: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    text = article.text if source is None else source
    entities: dict[str, dict[str, Any]] = {}
    outlets: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, int, int]] = set()  # (record id, start, end) of mentions listed: lists stay linear
    quotes = []
    for a in found:
        speaker = None
        if a.speaker is not None:
            key = a.speaker.name.lower()
            ent = entities.get(key)
            if ent is None:
                e = a.speaker.entity
                ent = entities[key] = {
                    "id": f"e{len(entities) + 1}",
                    "name": a.speaker.name,
                    "kind": a.speaker.kind,
                    "title": (e.titles[0] if e is not None and e.titles else None),
                    "aliases": sorted(e.aliases - {a.speaker.name}) if e is not None else [],
                    "mentions": [],
                    "quote_ids": [],
                }
            m = a.mention
            mention = _span(text, m.start_char, m.end_char) if m is not None else None
            if mention is not None and (ent["id"], m.start_char, m.end_char) not in seen:
                seen.add((ent["id"], m.start_char, m.end_char))
                ent["mentions"].append(mention)
            ent["quote_ids"].append(a.id)
            speaker = {"name": a.speaker.name, "entity": ent["id"], "kind": a.speaker.kind, "mention": mention}
        outlet_objs = []
        for o in a.outlets:
            rec = outlets.get(o.name.lower())
            if rec is None:
                rec = outlets[o.name.lower()] = {
                    "id": f"o{len(outlets) + 1}",
                    "name": o.name,
                    "type": o.type,
                    "country": o.country,
                    "state_affiliated": o.state_affiliated,
                    "mentions": [],
                    "quote_ids": [],
                }
            mention = _span(text, o.start, o.end)
            if (rec["id"], o.start, o.end) not in seen:
                seen.add((rec["id"], o.start, o.end))
                rec["mentions"].append(mention)
            if not rec["quote_ids"] or rec["quote_ids"][-1] != a.id:  # quotes come in order
                rec["quote_ids"].append(a.id)
            outlet_objs.append({"name": o.name, "entity": rec["id"], "type": o.type, "mention": mention})
        cue = _span(text, a.cue.start, a.cue.end) if a.cue is not None else None
        quotes.append(
            {
                "id": a.id,
                "type": a.type,
                "text": text[a.start : a.end],
                "start": a.start,
                "end": a.end,
                "cue": cue,
                "speaker": speaker,
                "outlet": outlet_objs[0] if outlet_objs else None,
                "via": outlet_objs[1:],
                "confidence": round(a.confidence, 2),
            }
        )
    return {
        "engine": {"version": __version__},
        "title": title,
        "quotes": quotes,
        "entities": list(entities.values()),
        "outlets": list(outlets.values()),
        "skipped": None,
    }
