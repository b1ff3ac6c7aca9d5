from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.event_action import EventAction
from ...models.event_page import EventPage
from ...models.problem import Problem
from ...models.relationship_type import RelationshipType
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    user_id: None | str | Unset = UNSET,
    other_user_id: None | str | Unset = UNSET,
    type_: None | RelationshipType | Unset = UNSET,
    action: EventAction | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_user_id: None | str | Unset
    if isinstance(user_id, Unset):
        json_user_id = UNSET
    else:
        json_user_id = user_id
    params["user_id"] = json_user_id

    json_other_user_id: None | str | Unset
    if isinstance(other_user_id, Unset):
        json_other_user_id = UNSET
    else:
        json_other_user_id = other_user_id
    params["other_user_id"] = json_other_user_id

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    elif isinstance(type_, RelationshipType):
        json_type_ = type_.value
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    elif isinstance(action, EventAction):
        json_action = action.value
    else:
        json_action = action
    params["action"] = json_action

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/history",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EventPage | Problem | None:
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EventPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    user_id: None | str | Unset = UNSET,
    other_user_id: None | str | Unset = UNSET,
    type_: None | RelationshipType | Unset = UNSET,
    action: EventAction | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> Response[EventPage | Problem]:
    """ Audit Trail

     The tenant's relationship history, newest first, private events included: about one
    user (``user_id``), or between two (and ``other_user_id``), of one ``type`` or ``action``,
    from ``since`` until ``until``.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):
        user_id (None | str | Unset):
        other_user_id (None | str | Unset):
        type_ (None | RelationshipType | Unset):
        action (EventAction | None | Unset):
        since (datetime.datetime | None | Unset): Inclusive.
        until (datetime.datetime | None | Unset): Exclusive.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
user_id=user_id,
other_user_id=other_user_id,
type_=type_,
action=action,
since=since,
until=until,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    user_id: None | str | Unset = UNSET,
    other_user_id: None | str | Unset = UNSET,
    type_: None | RelationshipType | Unset = UNSET,
    action: EventAction | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> EventPage | Problem | None:
    """ Audit Trail

     The tenant's relationship history, newest first, private events included: about one
    user (``user_id``), or between two (and ``other_user_id``), of one ``type`` or ``action``,
    from ``since`` until ``until``.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):
        user_id (None | str | Unset):
        other_user_id (None | str | Unset):
        type_ (None | RelationshipType | Unset):
        action (EventAction | None | Unset):
        since (datetime.datetime | None | Unset): Inclusive.
        until (datetime.datetime | None | Unset): Exclusive.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
     """


    return sync_detailed(
        client=client,
limit=limit,
cursor=cursor,
user_id=user_id,
other_user_id=other_user_id,
type_=type_,
action=action,
since=since,
until=until,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    user_id: None | str | Unset = UNSET,
    other_user_id: None | str | Unset = UNSET,
    type_: None | RelationshipType | Unset = UNSET,
    action: EventAction | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> Response[EventPage | Problem]:
    """ Audit Trail

     The tenant's relationship history, newest first, private events included: about one
    user (``user_id``), or between two (and ``other_user_id``), of one ``type`` or ``action``,
    from ``since`` until ``until``.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):
        user_id (None | str | Unset):
        other_user_id (None | str | Unset):
        type_ (None | RelationshipType | Unset):
        action (EventAction | None | Unset):
        since (datetime.datetime | None | Unset): Inclusive.
        until (datetime.datetime | None | Unset): Exclusive.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
cursor=cursor,
user_id=user_id,
other_user_id=other_user_id,
type_=type_,
action=action,
since=since,
until=until,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    user_id: None | str | Unset = UNSET,
    other_user_id: None | str | Unset = UNSET,
    type_: None | RelationshipType | Unset = UNSET,
    action: EventAction | None | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,

) -> EventPage | Problem | None:
    """ Audit Trail

     The tenant's relationship history, newest first, private events included: about one
    user (``user_id``), or between two (and ``other_user_id``), of one ``type`` or ``action``,
    from ``since`` until ``until``.

    Args:
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):
        user_id (None | str | Unset):
        other_user_id (None | str | Unset):
        type_ (None | RelationshipType | Unset):
        action (EventAction | None | Unset):
        since (datetime.datetime | None | Unset): Inclusive.
        until (datetime.datetime | None | Unset): Exclusive.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
cursor=cursor,
user_id=user_id,
other_user_id=other_user_id,
type_=type_,
action=action,
since=since,
until=until,

    )).parsed
