"""Cursor pagination: complete, without repeats, stable under concurrent inserts."""

import pytest

from tests.helpers import Api, assert_problem


async def walk(api: Api, path: str, limit: int) -> tuple[list[str], int]:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        page = await api.ok("GET", path, **params)
        pages += 1
        seen += [item["user_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen, pages


@pytest.mark.slow
async def test_few_hundred_edges_without_loss_or_repetition(api: Api) -> None:
    fans = [f"fan{i:03d}" for i in range(250)]
    for fan in fans:
        await api.follow(fan, "star")
    seen, pages = await walk(api, "/v1/users/star/followers", limit=37)
    assert seen == list(reversed(fans))  # newest first
    assert pages == 7
    default = await api.ok("GET", "/v1/users/star/followers")
    assert len(default["items"]) == 50


async def test_inserts_during_the_walk_do_not_shift_pages(api: Api) -> None:
    for i in range(30):
        await api.follow("me", f"user{i:02d}")
    first = await api.ok("GET", "/v1/users/me/following", limit=10)
    for i in range(30, 40):  # arrive while the client is paging
        await api.follow("me", f"user{i:02d}")
    seen = [item["user_id"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = await api.ok("GET", "/v1/users/me/following", limit=10, cursor=cursor)
        seen += [item["user_id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert seen == [f"user{i:02d}" for i in reversed(range(30))]


async def test_exact_multiple_has_no_empty_last_page(api: Api) -> None:
    for i in range(4):
        await api.block("me", f"user{i}")
    page = await api.ok("GET", "/v1/users/me/blocks", limit=4)
    assert len(page["items"]) == 4
    assert page["next_cursor"] is None


@pytest.mark.parametrize("limit", ["0", "201", "-1", "ten"])
async def test_limit_bounds(api: Api, limit: str) -> None:
    assert_problem(
        await api.call("GET", "/v1/users/me/friends", limit=limit), 422, "validation_error"
    )


@pytest.mark.parametrize("cursor", ["garbage", "Yzk6eHl6", "%%%", "YzE6bm90LWFuLWlk"])
async def test_bad_cursor(api: Api, cursor: str) -> None:
    assert_problem(
        await api.call("GET", "/v1/users/me/friends", cursor=cursor), 400, "invalid_cursor"
    )
