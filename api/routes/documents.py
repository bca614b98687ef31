"""GET /documents, /documents/{id}: metadata and the data-quality report of each document."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api import reads
from api.deps import MAX_OFFSET, TEXT, PageDep, StoreDep
from api.errors import NotFound, responses
from api.models import DocumentPublic, DocumentsPublic, DocumentTextPublic

router = APIRouter(prefix="/documents", tags=["documents"])


@router.get(
    "",
    response_model=DocumentsPublic,
    summary="List the loaded documents",
    description="Metadata of each document (title, issuer, dates, source, hash) and the "
    "data-quality report of reading it, by year.",
    responses=responses(),
)
def list_documents(store: StoreDep, page: PageDep) -> DocumentsPublic:
    data, count = reads.list_documents(store, offset=page.offset, limit=page.limit)
    return DocumentsPublic(data=data, count=count)


@router.get(
    "/{id}",
    response_model=DocumentPublic,
    summary="One document with its quality report",
    description="`id` is a document id such as `doc-2015-5fcb5c5c` (see GET /documents). "
    "The quality report lists missing tasks and sections, merged copies that conflict, "
    "orphan clauses and repaired characters.",
    responses=responses(404),
)
def get_document(
    store: StoreDep,
    id: Annotated[str, Path(pattern=TEXT, description="Document id, e.g. doc-2015-5fcb5c5c.")],
) -> DocumentPublic:
    document = reads.get_document(store, id)
    if document is None:
        raise NotFound(f"no document with id {id!r}")
    return document


@router.get(
    "/{id}/text",
    response_model=DocumentTextPublic,
    summary="The source text, or a span of it in context",
    description="The decoded text of the document, which every evidence span ('start-end' on "
    "tasks and relationships) indexes in characters. With `start` and `end`: that span as "
    "`text`, with up to `context` characters `before` and `after` it (offsets past the end are "
    "clamped; an `end` before `start` gives an empty span at `start`). Without them: the "
    "whole text.",
    responses=responses(404),
)
def get_document_text(
    store: StoreDep,
    id: Annotated[str, Path(pattern=TEXT, description="Document id, e.g. doc-2015-5fcb5c5c.")],
    start: Annotated[int | None, Query(ge=0, le=MAX_OFFSET, description="First character of the span.")] = None,
    end: Annotated[int | None, Query(ge=0, le=MAX_OFFSET, description="Character just past the span.")] = None,
    context: Annotated[int, Query(ge=0, le=20_000, description="Characters on each side.")] = 200,
) -> DocumentTextPublic:
    text = reads.document_text(store, id)
    if text is None:
        if reads.get_document(store, id) is None:
            raise NotFound(f"no document with id {id!r}")
        raise NotFound(f"document {id!r} was loaded without its text; load it again to add it")
    return reads.text_span(id, text, start, end, context)
