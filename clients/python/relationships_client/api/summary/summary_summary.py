from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.summary_include import SummaryInclude
from ...models.summary_page import SummaryPage
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    user_id: str,
    *,
    ids: str,
    include: None | SummaryInclude | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["ids"] = ids

    json_include: None | str | Unset
    if isinstance(include, Unset):
        json_include = UNSET
    elif isinstance(include, SummaryInclude):
        json_include = include.value
    else:
        json_include = include
    params["include"] = json_include


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/users/{user_id}/relationships".format(user_id=quote(str(user_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SummaryPage | None:
    if response.status_code == 200:
        response_200 = SummaryPage.from_dict(response.json())



        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | SummaryPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
    ids: str,
    include: None | SummaryInclude | Unset = UNSET,

) -> Response[Problem | SummaryPage]:
    """ Summary

     How the user relates to each of ``ids``, one entry per id in order (one database query).

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        ids (str): Comma-separated user ids, 1-100.
        include (None | SummaryInclude | Unset): `mutual_friends`: each item also counts the
            friends both have.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SummaryPage]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
ids=ids,
include=include,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    user_id: str,
    *,
    client: AuthenticatedClient,
    ids: str,
    include: None | SummaryInclude | Unset = UNSET,

) -> Problem | SummaryPage | None:
    """ Summary

     How the user relates to each of ``ids``, one entry per id in order (one database query).

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        ids (str): Comma-separated user ids, 1-100.
        include (None | SummaryInclude | Unset): `mutual_friends`: each item also counts the
            friends both have.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SummaryPage
     """


    return sync_detailed(
        user_id=user_id,
client=client,
ids=ids,
include=include,

    ).parsed

async def asyncio_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
    ids: str,
    include: None | SummaryInclude | Unset = UNSET,

) -> Response[Problem | SummaryPage]:
    """ Summary

     How the user relates to each of ``ids``, one entry per id in order (one database query).

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        ids (str): Comma-separated user ids, 1-100.
        include (None | SummaryInclude | Unset): `mutual_friends`: each item also counts the
            friends both have.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SummaryPage]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
ids=ids,
include=include,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    user_id: str,
    *,
    client: AuthenticatedClient,
    ids: str,
    include: None | SummaryInclude | Unset = UNSET,

) -> Problem | SummaryPage | None:
    """ Summary

     How the user relates to each of ``ids``, one entry per id in order (one database query).

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        ids (str): Comma-separated user ids, 1-100.
        include (None | SummaryInclude | Unset): `mutual_friends`: each item also counts the
            friends both have.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SummaryPage
     """


    return (await asyncio_detailed(
        user_id=user_id,
client=client,
ids=ids,
include=include,

    )).parsed
