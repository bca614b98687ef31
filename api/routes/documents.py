"""GET /documents, /documents/{id}: metadata and the data-quality report of each document."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api import reads
from api.deps import TEXT, PageDep, StoreDep
from api.errors import NotFound, responses
from api.models import DocumentPublic, DocumentsPublic

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
    description="`id` is a document id such as `doc-2015-630235d4` (see GET /documents). "
    "The quality report lists missing tasks and sections, merged copies that conflict, "
    "orphan clauses and repaired characters.",
    responses=responses(404),
)
def get_document(
    store: StoreDep,
    id: Annotated[str, Path(pattern=TEXT, description="Document id, e.g. doc-2015-630235d4.")],
) -> DocumentPublic:
    document = reads.get_document(store, id)
    if document is None:
        raise NotFound(f"no document with id {id!r}")
    return document
