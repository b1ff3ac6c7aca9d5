from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.access_view import AccessView
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    user_id: str,
    *,
    owner: str,
    resource_id: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["owner"] = owner

    json_resource_id: None | str | Unset
    if isinstance(resource_id, Unset):
        json_resource_id = UNSET
    else:
        json_resource_id = resource_id
    params["resource_id"] = json_resource_id

    json_list_id: None | str | Unset
    if isinstance(list_id, Unset):
        json_list_id = UNSET
    else:
        json_list_id = list_id
    params["list_id"] = json_list_id


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/users/{user_id}/access".format(user_id=quote(str(user_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AccessView | Problem | None:
    if response.status_code == 200:
        response_200 = AccessView.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AccessView | Problem]:
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
    owner: str,
    resource_id: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,

) -> Response[AccessView | Problem]:
    """ Access

     What the user may do with ``owner``'s resource right now (``resource_id``), or whether
    they are in the audience of ``owner``'s list (``list_id``): one query either way; false
    for anything revoked, blocked, removed or never granted. Exactly one of the two.

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        owner (str):
        resource_id (None | str | Unset):
        list_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessView | Problem]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
owner=owner,
resource_id=resource_id,
list_id=list_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    user_id: str,
    *,
    client: AuthenticatedClient,
    owner: str,
    resource_id: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,

) -> AccessView | Problem | None:
    """ Access

     What the user may do with ``owner``'s resource right now (``resource_id``), or whether
    they are in the audience of ``owner``'s list (``list_id``): one query either way; false
    for anything revoked, blocked, removed or never granted. Exactly one of the two.

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        owner (str):
        resource_id (None | str | Unset):
        list_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessView | Problem
     """


    return sync_detailed(
        user_id=user_id,
client=client,
owner=owner,
resource_id=resource_id,
list_id=list_id,

    ).parsed

async def asyncio_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient,
    owner: str,
    resource_id: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,

) -> Response[AccessView | Problem]:
    """ Access

     What the user may do with ``owner``'s resource right now (``resource_id``), or whether
    they are in the audience of ``owner``'s list (``list_id``): one query either way; false
    for anything revoked, blocked, removed or never granted. Exactly one of the two.

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        owner (str):
        resource_id (None | str | Unset):
        list_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessView | Problem]
     """


    kwargs = _get_kwargs(
        user_id=user_id,
owner=owner,
resource_id=resource_id,
list_id=list_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    user_id: str,
    *,
    client: AuthenticatedClient,
    owner: str,
    resource_id: None | str | Unset = UNSET,
    list_id: None | str | Unset = UNSET,

) -> AccessView | Problem | None:
    """ Access

     What the user may do with ``owner``'s resource right now (``resource_id``), or whether
    they are in the audience of ``owner``'s list (``list_id``): one query either way; false
    for anything revoked, blocked, removed or never granted. Exactly one of the two.

    Args:
        user_id (str): The tenant's own user id: 1-128 letters, digits and _ . : @ -
        owner (str):
        resource_id (None | str | Unset):
        list_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessView | Problem
     """


    return (await asyncio_detailed(
        user_id=user_id,
client=client,
owner=owner,
resource_id=resource_id,
list_id=list_id,

    )).parsed
