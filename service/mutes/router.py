"""HTTP for a user's own mutes; the routes are shared with the admin's (``routes``)."""

from models.enums import RelationshipType
from service.core.auth import app_context
from service.core.routing import user_router
from service.mutes.routes import add_mute_routes

router = user_router(feature=RelationshipType.MUTED, tag="mutes")
add_mute_routes(router, app_context)
