"""Schema order and the element helpers every other ooxml module builds on.

Word rejects a file whose elements are out of schema order as corrupt, so
children are created through :func:`get_or_add`, which inserts them where
ECMA-376 puts them.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement


def tags(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# Child sequences of the elements we edit (ECMA-376 part 1, complex types),
# keyed by the parent's tag. Only the children we create need to be listed
# precisely; the rest keep their relative order.
_ORDER: dict[str, tuple[str, ...]] = {
    "w:pPr": tags(
        "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
        "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
        "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
        "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap "
        "w:jc w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId "
        "w:cnfStyle w:rPr w:sectPr w:pPrChange"
    ),
    "w:rPr": tags(
        "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
        "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color "
        "w:spacing w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd "
        "w:fitText w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
    ),
    "w:style": tags(
        "w:name w:aliases w:basedOn w:next w:link w:autoRedefine w:hidden w:uiPriority "
        "w:semiHidden w:unhideWhenUsed w:qFormat w:locked w:personal w:personalCompose "
        "w:personalReply w:rsid w:pPr w:rPr w:tblPr w:trPr w:tcPr w:tblStylePr"
    ),
    "w:tblPr": tags(
        "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize "
        "w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd "
        "w:tblLayout w:tblCellMar w:tblLook"
    ),
    "w:trPr": tags(
        "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit w:trHeight "
        "w:tblHeader w:tblCellSpacing w:jc w:hidden"
    ),
    "w:tcPr": tags(
        "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar "
        "w:textDirection w:tcFitText w:vAlign w:hideMark"
    ),
    "w:lvl": tags(
        "w:start w:numFmt w:lvlRestart w:pStyle w:isLgl w:suff w:lvlText w:lvlPicBulletId "
        "w:legacy w:lvlJc w:pPr w:rPr"
    ),
    "w:settings": tags(
        "w:writeProtection w:view w:zoom w:removePersonalInformation w:removeDateAndTime "
        "w:doNotDisplayPageBoundaries w:displayBackgroundShape w:printPostScriptOverText "
        "w:printFractionalCharacterWidth w:printFormsData w:embedTrueTypeFonts "
        "w:embedSystemFonts w:saveSubsetFonts w:saveFormsData w:mirrorMargins "
        "w:alignBordersAndEdges w:bordersDoNotSurroundHeader w:bordersDoNotSurroundFooter "
        "w:gutterAtTop w:hideSpellingErrors w:hideGrammaticalErrors w:activeWritingStyle "
        "w:proofState w:formsDesign w:attachedTemplate w:linkStyles w:stylePaneFormatFilter "
        "w:stylePaneSortMethod w:documentType w:mailMerge w:revisionView w:trackRevisions "
        "w:doNotTrackMoves w:doNotTrackFormatting w:documentProtection w:autoFormatOverride "
        "w:styleLockTheme w:styleLockQFSet w:defaultTabStop w:autoHyphenation "
        "w:consecutiveHyphenLimit w:hyphenationZone w:doNotHyphenateCaps w:showEnvelope "
        "w:summaryLength w:clickAndTypeStyle w:defaultTableStyle w:evenAndOddHeaders "
        "w:bookFoldRevPrinting w:bookFoldPrinting w:bookFoldPrintingSheets "
        "w:drawingGridHorizontalSpacing w:drawingGridVerticalSpacing "
        "w:displayHorizontalDrawingGridEvery w:displayVerticalDrawingGridEvery "
        "w:doNotUseMarginsForDrawingGridOrigin w:drawingGridHorizontalOrigin "
        "w:drawingGridVerticalOrigin w:doNotShadeFormData w:noPunctuationKerning "
        "w:characterSpacingControl w:printTwoOnOne w:strictFirstAndLastChars "
        "w:noLineBreaksAfter w:noLineBreaksBefore w:savePreviewPicture "
        "w:doNotValidateAgainstSchema w:saveInvalidXml w:ignoreMixedContent "
        "w:alwaysShowPlaceholderText w:doNotDemarcateInvalidXml w:saveXmlDataOnly "
        "w:useXSLTWhenSaving w:saveThroughXslt w:showXMLTags w:alwaysMergeEmptyNamespace "
        "w:updateFields w:hdrShapeDefaults w:footnotePr w:endnotePr w:compat w:docVars w:rsids "
        "m:mathPr w:attachedSchema w:themeFontLang w:clrSchemeMapping "
        "w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures w:forceUpgrade w:captions "
        "w:readModeInkLockDown w:smartTagType sl:schemaLibrary w:shapeDefaults "
        "w:doNotEmbedSmartTags w:decimalSymbol w:listSeparator"
    ),
}
_ORDER_QN = {qn(parent): tuple(qn(tag) for tag in children) for parent, children in _ORDER.items()}


def el(obj: Any) -> Any:
    """The lxml element behind a python-docx proxy (or the element itself)."""
    for attr in ("_element", "_sectPr"):
        element = getattr(obj, attr, None)
        if element is not None:
            return element
    return obj


def get_or_add(parent: Any, tag: str) -> Any:
    """Get or create ``parent``'s child ``tag``, created in schema order."""
    name = qn(tag)
    found = parent.find(name)
    if found is not None:
        return found
    child = OxmlElement(tag)
    parent.append(child)
    order = _ORDER_QN.get(parent.tag)
    if order and name in order:
        later = set(order[order.index(name) + 1 :])
        for sibling in parent:
            if sibling.tag in later:
                sibling.addprevious(child)
                break
    return child


def add_child(parent: Any, tag: str) -> Any:
    child = OxmlElement(tag)
    parent.append(child)
    return child


def get_ppr(owner: Any) -> Any:
    return get_or_add(el(owner), "w:pPr")


def get_rpr(owner: Any) -> Any:
    return get_or_add(el(owner), "w:rPr")


def set_w(element: Any, **attrs: str | int) -> Any:
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def remove_children(owner: Any, tag: str) -> None:
    element = el(owner)
    for child in element.findall(qn(tag)):
        element.remove(child)
