from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.suggestion_list import SuggestionList
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    user_id: str,
    *,
    limit: int | Unset = 20,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/users/{user_id}/suggestions".format(user_id=quote(str(user_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SuggestionList | None:
    if response.status_code == 200:
        response_200 = SuggestionList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | SuggestionList]:
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
    limit: int | Unset = 20,

) -> Response[Problem | SuggestionList]:
    """ Suggestions

     People the user may know, ranked by mutual friends, then by how many of the people
    they follow follow them (a fixed number of queries).

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SuggestionList]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
limit=limit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    user_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,

) -> Problem | SuggestionList | None:
    """ Suggestions

     People the user may know, ranked by mutual friends, then by how many of the people
    they follow follow them (a fixed number of queries).

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SuggestionList
     """


    return sync_detailed(
        user_id=user_id,
client=client,
limit=limit,

    ).parsed

async def asyncio_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,

) -> Response[Problem | SuggestionList]:
    """ Suggestions

     People the user may know, ranked by mutual friends, then by how many of the people
    they follow follow them (a fixed number of queries).

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SuggestionList]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
limit=limit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    user_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,

) -> Problem | SuggestionList | None:
    """ Suggestions

     People the user may know, ranked by mutual friends, then by how many of the people
    they follow follow them (a fixed number of queries).

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SuggestionList
     """


    return (await asyncio_detailed(
        user_id=user_id,
client=client,
limit=limit,

    )).parsed
