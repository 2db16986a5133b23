"""StreamField blocks of the pages' bodies; each block has its own template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(label=_("Author"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Address"), required=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("Image"), template="blocks/image_block.html")
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
