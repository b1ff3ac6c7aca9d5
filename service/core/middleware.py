"""Counts the database round trips of each request and reports them in a response header."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.database import count_round_trips

ROUND_TRIPS_HEADER = "x-db-round-trips"


class RoundTripHeader:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with count_round_trips() as trips:

            async def send_with_header(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    headers.append((ROUND_TRIPS_HEADER.encode(), str(trips.total).encode()))
                    message = {**message, "headers": headers}
                await send(message)

            await self.app(scope, receive, send_with_header)
