from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.feed_page import FeedPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    types: None | str | Unset = UNSET,
    wait: int | Unset = 0,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_after: None | str | Unset
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

    params["limit"] = limit

    json_types: None | str | Unset
    if isinstance(types, Unset):
        json_types = UNSET
    else:
        json_types = types
    params["types"] = json_types

    params["wait"] = wait


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FeedPage | Problem | None:
    if response.status_code == 200:
        response_200 = FeedPage.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())



        return response_410

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())



        return response_414

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FeedPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    types: None | str | Unset = UNSET,
    wait: int | Unset = 0,

) -> Response[FeedPage | Problem]:
    """ Events

     The tenant's events in commit order, from the start or after a cursor (a long poll
    with ``wait``); the feed stays ``RELATIONSHIPS_FEED_LAG_SECONDS`` behind the clock.

    Args:
        after (None | str | Unset): A next_cursor
        limit (int | Unset):  Default: 100.
        types (None | str | Unset): Comma-separated event types
        wait (int | Unset): Seconds to wait for an event Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FeedPage | Problem]
     """


    kwargs = _get_kwargs(
        after=after,
limit=limit,
types=types,
wait=wait,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    types: None | str | Unset = UNSET,
    wait: int | Unset = 0,

) -> FeedPage | Problem | None:
    """ Events

     The tenant's events in commit order, from the start or after a cursor (a long poll
    with ``wait``); the feed stays ``RELATIONSHIPS_FEED_LAG_SECONDS`` behind the clock.

    Args:
        after (None | str | Unset): A next_cursor
        limit (int | Unset):  Default: 100.
        types (None | str | Unset): Comma-separated event types
        wait (int | Unset): Seconds to wait for an event Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FeedPage | Problem
     """


    return sync_detailed(
        client=client,
after=after,
limit=limit,
types=types,
wait=wait,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    types: None | str | Unset = UNSET,
    wait: int | Unset = 0,

) -> Response[FeedPage | Problem]:
    """ Events

     The tenant's events in commit order, from the start or after a cursor (a long poll
    with ``wait``); the feed stays ``RELATIONSHIPS_FEED_LAG_SECONDS`` behind the clock.

    Args:
        after (None | str | Unset): A next_cursor
        limit (int | Unset):  Default: 100.
        types (None | str | Unset): Comma-separated event types
        wait (int | Unset): Seconds to wait for an event Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FeedPage | Problem]
     """


    kwargs = _get_kwargs(
        after=after,
limit=limit,
types=types,
wait=wait,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    types: None | str | Unset = UNSET,
    wait: int | Unset = 0,

) -> FeedPage | Problem | None:
    """ Events

     The tenant's events in commit order, from the start or after a cursor (a long poll
    with ``wait``); the feed stays ``RELATIONSHIPS_FEED_LAG_SECONDS`` behind the clock.

    Args:
        after (None | str | Unset): A next_cursor
        limit (int | Unset):  Default: 100.
        types (None | str | Unset): Comma-separated event types
        wait (int | Unset): Seconds to wait for an event Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FeedPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
after=after,
limit=limit,
types=types,
wait=wait,

    )).parsed
