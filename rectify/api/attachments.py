"""Files (附件) through the API: a record with evidence files, sent as a multipart body and
checked as the web form's files are (type, size, content), and downloads with the web
download's headers, only for those who may read the item."""

from __future__ import annotations

from datetime import datetime

from flask import Response
from flask_babel import force_locale
from pydantic import BaseModel
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from .. import workflow
from ..extensions import db
from ..labels import UPLOAD_ERRORS
from ..models import Attachment
from ..services.tracking import attachments as attachment_service
from ..services.tracking import items as item_service
from . import Download, api_user, route
from .errors import ApiError, not_found
from .inputs import MAX_ID, ActionCreate
from .lookups import visible_item
from .schemas import ActionOut, action_out, utc

FILES = "files"


class AttachmentInfo(BaseModel):
    id: int
    item_id: int
    action_id: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class AttachmentList(BaseModel):
    attachments: list[AttachmentInfo]


def attachment_info(attachment: Attachment) -> AttachmentInfo:
    return AttachmentInfo(id=attachment.id, item_id=attachment.item_id,
                          action_id=attachment.action_id, name=attachment.original_name,
                          content_type=attachment.content_type, size=attachment.size,
                          sha256=attachment.sha256, uploaded_at=utc(attachment.uploaded_at))


def _upload_refused(rejected: attachment_service.UploadRejected) -> ApiError:
    def text(locale: str) -> str:
        with force_locale(locale):
            return f"{rejected.filename}: {UPLOAD_ERRORS[rejected.code]}"

    return ApiError(422, "invalid_input", "A file was refused; nothing was saved.",
                    [{"field": FILES, "code": rejected.code, "message": text("en"),
                      "message_zh": text("zh_Hans_CN")}])


def checked_files(files: list[FileStorage]) -> list[tuple[str, bytes]]:
    """Each sent file's clean name and content, by the web form's checks (422 naming the
    first refused file)."""
    try:
        return [attachment_service.check_upload(upload) for upload in files
                if upload and upload.filename]
    except attachment_service.UploadRejected as rejected:
        raise _upload_refused(rejected) from None


@route("POST", "/items/<int:item_id>/attachments", summary="Add a record with files",
       body=ActionCreate, upload=FILES, response=ActionOut, status=201,
       failures=(403, 404, 409, 413))
def add_record_with_files(item_id: int, body: ActionCreate,
                          files: list[FileStorage]) -> ActionOut:
    """A multipart body: the record's ``kind`` and ``body`` as on ``POST .../actions``,
    and one or more ``files`` (photos, PDF, Office files, each within the size limit,
    their content matching their type). Who may add which kind is the workflow's rule."""
    item = visible_item(item_id)
    workflow.check_add_action(body.kind, api_user().actor, item.facts)
    checked = checked_files(files)
    if not checked:
        raise ApiError(422, "invalid_input", "The body is not valid.", [
            {"field": FILES, "code": "missing", "message": "Send one file or more."}])
    return action_out(item_service.add_action(api_user(), item, body.kind, body.body, checked))


@route("GET", "/items/<int:item_id>/attachments", summary="List an item's files",
       response=AttachmentList, failures=(404,))
def list_attachments(item_id: int) -> AttachmentList:
    """Oldest first; each belongs to one of the item's records (``action_id``)."""
    item = visible_item(item_id)
    attachments = db.session.scalars(select(Attachment).where(Attachment.item_id == item.id)
                                     .order_by(Attachment.uploaded_at, Attachment.id))
    return AttachmentList(attachments=[attachment_info(a) for a in attachments])


@route("GET", "/attachments/<int:attachment_id>", summary="Download a file",
       response=Download, failures=(404,))
def download_attachment(attachment_id: int) -> Response:
    """The bytes as uploaded, as ``application/octet-stream`` with the original name and
    the web download's headers (no browser renders or runs it)."""
    attachment = db.session.get(Attachment, attachment_id) if attachment_id <= MAX_ID else None
    if attachment is None:
        raise not_found()
    visible_item(attachment.item_id)
    return attachment_service.send_stored_file(attachment.stored_name, attachment.original_name)
