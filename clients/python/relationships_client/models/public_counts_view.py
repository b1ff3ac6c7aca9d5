from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PublicCountsView")



@_attrs_define
class PublicCountsView:
    """ A count of a relationship type the tenant switched off is absent.

        Attributes:
            user_id (str):
            followers (int | None | Unset):
            following (int | None | Unset):
            friends (int | None | Unset):
     """

    user_id: str
    followers: int | None | Unset = UNSET
    following: int | None | Unset = UNSET
    friends: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        followers: int | None | Unset
        if isinstance(self.followers, Unset):
            followers = UNSET
        else:
            followers = self.followers

        following: int | None | Unset
        if isinstance(self.following, Unset):
            following = UNSET
        else:
            following = self.following

        friends: int | None | Unset
        if isinstance(self.friends, Unset):
            friends = UNSET
        else:
            friends = self.friends


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "user_id": user_id,
        })
        if followers is not UNSET:
            field_dict["followers"] = followers
        if following is not UNSET:
            field_dict["following"] = following
        if friends is not UNSET:
            field_dict["friends"] = friends

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        def _parse_followers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        followers = _parse_followers(d.pop("followers", UNSET))


        def _parse_following(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        following = _parse_following(d.pop("following", UNSET))


        def _parse_friends(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        friends = _parse_friends(d.pop("friends", UNSET))


        public_counts_view = cls(
            user_id=user_id,
            followers=followers,
            following=following,
            friends=friends,
        )


        public_counts_view.additional_properties = d
        return public_counts_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
