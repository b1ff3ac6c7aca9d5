"""HTTP for contacts; the rules live in ``service.contacts.rules``."""

from fastapi import Response, status
from pydantic import ConfigDict

from models.enums import RelationshipType
from models.relationship import ContactMetadata
from service.contacts import rules
from service.core.data.pagination import Page
from service.core.errors import NotFound, SelfRelationship
from service.core.http.auth import AppContext
from service.core.http.bodies import EdgeSourceValue, RequestBody
from service.core.http.declared import problems
from service.core.http.params import PageParams, UserIdPath
from service.core.http.routing import user_router
from service.core.http.views import EdgeView, answer, to_page, to_view
from service.core.ids import Nickname, Notes, ShortText

router = user_router(feature=RelationshipType.CONTACT, tag="contacts")


class ContactView(EdgeView):
    metadata: ContactMetadata


class ContactBody(RequestBody):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "nickname": "Jane (work)",
                    "notes": "Met at the pet park",
                    "source": "qr_code",
                    "imported_from": "contacts",
                }
            ]
        }
    )

    nickname: Nickname | None = None
    notes: Notes | None = None
    source: EdgeSourceValue | None = None
    imported_from: ShortText | None = None


@router.put("/contacts/{other_id}", response_model=ContactView, status_code=status.HTTP_201_CREATED)
@problems(SelfRelationship)
async def save_contact(
    user_id: UserIdPath,
    other_id: UserIdPath,
    ctx: AppContext,
    response: Response,
    body: ContactBody | None = None,
) -> ContactView:
    """Save ``other_id`` as a contact, replacing the entry's fields."""
    metadata = ContactMetadata.model_validate((body or ContactBody()).model_dump())
    outcome = await rules.save_contact(ctx, user_id=user_id, other_id=other_id, metadata=metadata)
    return answer(ContactView, outcome, user_id, response)


@router.patch("/contacts/{other_id}", response_model=ContactView)
@problems(NotFound, SelfRelationship)
async def update_contact(
    user_id: UserIdPath, other_id: UserIdPath, body: ContactBody, ctx: AppContext
) -> ContactView:
    """Change only the fields sent (``null`` clears one), keeping the rest."""
    changes = body.model_dump(include=body.model_fields_set)
    outcome = await rules.update_contact(ctx, user_id=user_id, other_id=other_id, changes=changes)
    return to_view(ContactView, outcome.edge, user_id)


@router.get("/contacts/{other_id}", response_model=ContactView)
@problems(NotFound, SelfRelationship)
async def get_contact(user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext) -> ContactView:
    """The user's contact entry for ``other_id`` (404: none)."""
    edge = await rules.get_contact(ctx, user_id=user_id, other_id=other_id)
    return to_view(ContactView, edge, user_id)


@router.delete("/contacts/{other_id}", status_code=status.HTTP_204_NO_CONTENT)
@problems(SelfRelationship)
async def remove_contact(user_id: UserIdPath, other_id: UserIdPath, ctx: AppContext) -> None:
    """Remove ``other_id`` from the user's contacts."""
    await rules.remove_contact(ctx, user_id=user_id, other_id=other_id)


@router.get("/contacts", response_model=Page[ContactView])
async def list_contacts(
    user_id: UserIdPath, ctx: AppContext, page: PageParams
) -> Page[ContactView]:
    """The user's contacts, newest first."""
    edges, cursor = await rules.list_contacts(ctx, user_id=user_id, page=page)
    return to_page(ContactView, edges, cursor, user_id)
