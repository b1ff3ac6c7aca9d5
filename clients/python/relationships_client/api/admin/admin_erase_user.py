from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.erased_user import ErasedUser
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    user_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/admin/users/{user_id}".format(user_id=quote(str(user_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ErasedUser | Problem | None:
    if response.status_code == 200:
        response_200 = ErasedUser.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ErasedUser | Problem]:
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

) -> Response[ErasedUser | Problem]:
    """ Erase User

     Erase a user: every relationship and grant in both directions and their settings go;
    the history keeps its events under a pseudonym, without personal text. It runs in bounded
    batches (see ``GET /users/{user_id}/erasure``); erasing again resumes an erase cut short,
    and once done answers the same.

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasedUser | Problem]
     """


    kwargs = _get_kwargs(
        user_id=user_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    user_id: str,
    *,
    client: AuthenticatedClient,

) -> ErasedUser | Problem | None:
    """ Erase User

     Erase a user: every relationship and grant in both directions and their settings go;
    the history keeps its events under a pseudonym, without personal text. It runs in bounded
    batches (see ``GET /users/{user_id}/erasure``); erasing again resumes an erase cut short,
    and once done answers the same.

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasedUser | Problem
     """


    return sync_detailed(
        user_id=user_id,
client=client,

    ).parsed

async def asyncio_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[ErasedUser | Problem]:
    """ Erase User

     Erase a user: every relationship and grant in both directions and their settings go;
    the history keeps its events under a pseudonym, without personal text. It runs in bounded
    batches (see ``GET /users/{user_id}/erasure``); erasing again resumes an erase cut short,
    and once done answers the same.

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasedUser | Problem]
     """


    kwargs = _get_kwargs(
        user_id=user_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    user_id: str,
    *,
    client: AuthenticatedClient,

) -> ErasedUser | Problem | None:
    """ Erase User

     Erase a user: every relationship and grant in both directions and their settings go;
    the history keeps its events under a pseudonym, without personal text. It runs in bounded
    batches (see ``GET /users/{user_id}/erasure``); erasing again resumes an erase cut short,
    and once done answers the same.

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasedUser | Problem
     """


    return (await asyncio_detailed(
        user_id=user_id,
client=client,

    )).parsed
