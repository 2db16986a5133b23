"""SVG logos, checked and cleaned before they are drawn or accepted.

An SVG is a document, not a picture: it can carry scripts, event handlers, references to other
files or addresses, entity bombs and `<use>` chains that multiply into millions of shapes.
`clean_svg` keeps the drawing (shapes, text, gradients, clips, masks, embedded raster images)
and drops everything else; it refuses a file it cannot read safely (`UnsafeSvg`, with a French
message). The image upload form refuses an SVG from which anything active had to be removed
(`kits.forms`); the kits draw the cleaned drawing of any SVG logo stored before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_BYTES = 2 * 1024 * 1024
MAX_ELEMENTS = 20_000
MAX_DRAWN = 50_000  # elements drawn once every <use> is expanded
MAX_DEPTH = 64

# The drawing elements kept; any other SVG element is dropped with its content.
DRAWING = {
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "textPath", "title", "desc", "linearGradient", "radialGradient",
    "stop", "clipPath", "mask", "pattern", "image", "marker", "style", "switch", "filter",
    "feBlend", "feColorMatrix", "feComposite", "feFlood", "feGaussianBlur", "feMerge",
    "feMergeNode", "feOffset",
}  # fmt: skip
# Elements that act rather than draw: their presence refuses an upload.
ACTIVE = {
    "script", "foreignObject", "iframe", "embed", "object", "handler", "listener", "a",
    "animate", "animateMotion", "animateTransform", "animateColor", "set", "audio", "video",
    "discard",
}  # fmt: skip
RASTER_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
URL_REFERENCE = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


class UnsafeSvg(ValueError):
    """An SVG that cannot be read safely; its message is for the person who sent it."""


@dataclass
class CleanedSvg:
    data: bytes
    removed: list[str] = field(default_factory=list)  # what acted or reached out, described


def _local(name: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        namespace, _brace, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _is_local_reference(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(RASTER_DATA.match(value))


def _external_urls(text: str) -> list[str]:
    """The targets of `url(...)` and `@import` in CSS or an attribute that are not local."""
    targets = [target for target in URL_REFERENCE.findall(text) if not target.startswith("#")]
    if "@import" in text.lower():
        targets.append("@import")
    return targets


def _clean(element: Element, removed: list[str], depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise UnsafeSvg(_("This SVG file is nested too deeply to be drawn safely."))
    for name in list(element.attrib):
        namespace, local = _local(name)
        value = element.attrib[name]
        if local.lower().startswith("on"):
            removed.append(f"{local}")
            del element.attrib[name]
        elif local == "href" and namespace in ("", XLINK_NS):
            if not _is_local_reference(value):
                removed.append(f"href={value[:60]}")
                del element.attrib[name]
        elif _external_urls(value):
            removed.append(f"{local}={value[:60]}")
            del element.attrib[name]
    for child in list(element):
        if not isinstance(child.tag, str):  # a comment or a processing instruction
            element.remove(child)
            continue
        namespace, local = _local(child.tag)
        if local in ACTIVE:
            removed.append(f"<{local}>")
            element.remove(child)
        elif namespace != SVG_NS or local not in DRAWING:
            element.remove(child)  # an editor's metadata (Inkscape, Illustrator) or unknown
        elif local == "style" and _external_urls(child.text or ""):
            removed.append("<style> url()")
            element.remove(child)
        else:
            _clean(child, removed, depth + 1)
            if local in ("image", "use") and not _href(child):
                element.remove(child)  # its reference was not local: nothing left to draw


def _href(element: Element) -> str:
    return (element.get(f"{{{XLINK_NS}}}href") or element.get("href") or "").strip()


def _drawn_count(root: Element) -> int:
    """How many elements are drawn once each `<use>` is replaced by what it points to; refuses
    a `<use>` that points to itself, directly or not."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    counts: dict[int, int] = {}
    visiting: set[int] = set()

    def count(element: Element) -> int:
        key = id(element)
        if key in counts:
            return counts[key]
        if key in visiting:
            raise UnsafeSvg(_("This SVG file refers to itself in a loop."))
        visiting.add(key)
        total = 1 + sum(count(child) for child in element)
        if _local(element.tag)[1] == "use":
            reference = _href(element)
            target = by_id.get(reference[1:]) if reference.startswith("#") else None
            if target is not None:
                total += count(target)
        visiting.discard(key)
        counts[key] = min(total, MAX_DRAWN + 1)
        return counts[key]

    return count(root)


def clean_svg(data: bytes) -> CleanedSvg:
    """The drawing of an SVG file, without anything that acts or reaches out (listed in
    `removed`); raises `UnsafeSvg` when the file cannot be read safely."""
    if len(data) > MAX_BYTES:
        raise UnsafeSvg(
            _("This SVG file is larger than %(size)s MB: simplify it or send a PNG image.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise UnsafeSvg(
            _(
                "This SVG file declares XML entities, which are refused: export it again as "
                "plain SVG."
            )
        ) from error
    except (ParseError, ValueError) as error:
        raise UnsafeSvg(_("This file is not a readable SVG image.")) from error
    if _local(root.tag) != (SVG_NS, "svg"):
        raise UnsafeSvg(_("This file is not a readable SVG image."))
    if sum(1 for _element in root.iter()) > MAX_ELEMENTS:
        raise UnsafeSvg(_("This SVG file is too complex to be drawn: simplify it."))
    removed: list[str] = []
    _clean(root, removed)
    try:
        drawn = _drawn_count(root)
    except RecursionError as error:
        raise UnsafeSvg(_("This SVG file is too complex to be drawn: simplify it.")) from error
    if drawn > MAX_DRAWN:
        raise UnsafeSvg(_("This SVG file is too complex to be drawn: simplify it."))
    # Written with a prefix for the SVG namespace ("ns0:svg"): the same document to a reader.
    return CleanedSvg(data=tostring(root, encoding="utf-8"), removed=removed)


def is_svg(name: str) -> bool:
    return name.lower().endswith(".svg")
