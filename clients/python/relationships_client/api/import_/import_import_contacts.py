from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.import_import_contacts_json_body_item import ImportImportContactsJsonBodyItem
from ...models.import_mode import ImportMode
from ...models.import_result import ImportResult
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: list[ImportImportContactsJsonBodyItem],
    dry_run: bool | Unset = False,
    mode: ImportMode | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    params["dry_run"] = dry_run

    json_mode: str | Unset = UNSET
    if not isinstance(mode, Unset):
        json_mode = mode.value

    params["mode"] = json_mode


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/import/contacts",
        "params": params,
    }

    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)



    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ImportResult | Problem | None:
    if response.status_code == 200:
        response_200 = ImportResult.from_dict(response.json())



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

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())



        return response_414

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())



        return response_415

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ImportResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: list[ImportImportContactsJsonBodyItem],
    dry_run: bool | Unset = False,
    mode: ImportMode | Unset = UNSET,

) -> Response[ImportResult | Problem]:
    """ Import Contacts

     Save up to 10,000 contacts from NDJSON or a JSON array; bad rows are reported, not saved.

    Args:
        dry_run (bool | Unset):  Default: False.
        mode (ImportMode | Unset):
        body (list[ImportImportContactsJsonBodyItem]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportResult | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
dry_run=dry_run,
mode=mode,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: list[ImportImportContactsJsonBodyItem],
    dry_run: bool | Unset = False,
    mode: ImportMode | Unset = UNSET,

) -> ImportResult | Problem | None:
    """ Import Contacts

     Save up to 10,000 contacts from NDJSON or a JSON array; bad rows are reported, not saved.

    Args:
        dry_run (bool | Unset):  Default: False.
        mode (ImportMode | Unset):
        body (list[ImportImportContactsJsonBodyItem]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportResult | Problem
     """


    return sync_detailed(
        client=client,
body=body,
dry_run=dry_run,
mode=mode,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: list[ImportImportContactsJsonBodyItem],
    dry_run: bool | Unset = False,
    mode: ImportMode | Unset = UNSET,

) -> Response[ImportResult | Problem]:
    """ Import Contacts

     Save up to 10,000 contacts from NDJSON or a JSON array; bad rows are reported, not saved.

    Args:
        dry_run (bool | Unset):  Default: False.
        mode (ImportMode | Unset):
        body (list[ImportImportContactsJsonBodyItem]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportResult | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
dry_run=dry_run,
mode=mode,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: list[ImportImportContactsJsonBodyItem],
    dry_run: bool | Unset = False,
    mode: ImportMode | Unset = UNSET,

) -> ImportResult | Problem | None:
    """ Import Contacts

     Save up to 10,000 contacts from NDJSON or a JSON array; bad rows are reported, not saved.

    Args:
        dry_run (bool | Unset):  Default: False.
        mode (ImportMode | Unset):
        body (list[ImportImportContactsJsonBodyItem]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportResult | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
dry_run=dry_run,
mode=mode,

    )).parsed
