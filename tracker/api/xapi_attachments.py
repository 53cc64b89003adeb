"""A statement's `attachments` (xAPI-Data 2.4.11), checked at intake.

Attachment data travels in a multipart/mixed request, which this LRS does not take (tools send it
rarely and it would be a learner's file we have no place for): an attachment must point at its
content with `fileUrl`. Each one's fields are checked for their shape, with the path of the first
problem, so what is stored can be given back as it came (and GET ?attachments=true has no data
parts to add)."""
import re

SHA2 = re.compile(r"^[0-9a-fA-F]{56,128}$")


def check(attachments, where: str, require_iri, language_map, invalid) -> None:
    """Raise `invalid` naming the first problem of a statement's attachments list."""
    if not isinstance(attachments, list):
        raise invalid(f"{where} must be a list")
    for index, attachment in enumerate(attachments):
        here = f"{where}[{index}]"
        if not isinstance(attachment, dict):
            raise invalid(f"{here} must be an object")
        require_iri(attachment.get("usageType"), f"{here}.usageType")
        language_map(attachment.get("display"), f"{here}.display")
        if attachment.get("description") is not None:
            language_map(attachment["description"], f"{here}.description")
        if not isinstance(attachment.get("contentType"), str) or "/" not in attachment["contentType"]:
            raise invalid(f"{here}.contentType must be an Internet Media Type such as text/plain")
        length = attachment.get("length")
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise invalid(f"{here}.length must be a whole number of octets")
        if not isinstance(attachment.get("sha2"), str) or not SHA2.match(attachment["sha2"]):
            raise invalid(f"{here}.sha2 must be the SHA-2 hash of the content, in hexadecimal")
        if "fileUrl" not in attachment:
            raise invalid(f"{here}.fileUrl is required here: this LRS does not take attachment data "
                          "(multipart/mixed), so an attachment must say where its content is")
        require_iri(attachment["fileUrl"], f"{here}.fileUrl")
