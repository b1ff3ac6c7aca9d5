from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="CountsView")



@_attrs_define
class CountsView:
    """ 
        Attributes:
            user_id (str):
            blocks (int | None | Unset):
            contacts (int | None | Unset):
            follow_requests_incoming (int | None | Unset):
            follow_requests_outgoing (int | None | Unset):
            followers (int | None | Unset):
            following (int | None | Unset):
            friend_requests_incoming (int | None | Unset):
            friend_requests_outgoing (int | None | Unset):
            friends (int | None | Unset):
            mutes (int | None | Unset):
     """

    user_id: str
    blocks: int | None | Unset = UNSET
    contacts: int | None | Unset = UNSET
    follow_requests_incoming: int | None | Unset = UNSET
    follow_requests_outgoing: int | None | Unset = UNSET
    followers: int | None | Unset = UNSET
    following: int | None | Unset = UNSET
    friend_requests_incoming: int | None | Unset = UNSET
    friend_requests_outgoing: int | None | Unset = UNSET
    friends: int | None | Unset = UNSET
    mutes: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        blocks: int | None | Unset
        if isinstance(self.blocks, Unset):
            blocks = UNSET
        else:
            blocks = self.blocks

        contacts: int | None | Unset
        if isinstance(self.contacts, Unset):
            contacts = UNSET
        else:
            contacts = self.contacts

        follow_requests_incoming: int | None | Unset
        if isinstance(self.follow_requests_incoming, Unset):
            follow_requests_incoming = UNSET
        else:
            follow_requests_incoming = self.follow_requests_incoming

        follow_requests_outgoing: int | None | Unset
        if isinstance(self.follow_requests_outgoing, Unset):
            follow_requests_outgoing = UNSET
        else:
            follow_requests_outgoing = self.follow_requests_outgoing

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

        friend_requests_incoming: int | None | Unset
        if isinstance(self.friend_requests_incoming, Unset):
            friend_requests_incoming = UNSET
        else:
            friend_requests_incoming = self.friend_requests_incoming

        friend_requests_outgoing: int | None | Unset
        if isinstance(self.friend_requests_outgoing, Unset):
            friend_requests_outgoing = UNSET
        else:
            friend_requests_outgoing = self.friend_requests_outgoing

        friends: int | None | Unset
        if isinstance(self.friends, Unset):
            friends = UNSET
        else:
            friends = self.friends

        mutes: int | None | Unset
        if isinstance(self.mutes, Unset):
            mutes = UNSET
        else:
            mutes = self.mutes


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "user_id": user_id,
        })
        if blocks is not UNSET:
            field_dict["blocks"] = blocks
        if contacts is not UNSET:
            field_dict["contacts"] = contacts
        if follow_requests_incoming is not UNSET:
            field_dict["follow_requests_incoming"] = follow_requests_incoming
        if follow_requests_outgoing is not UNSET:
            field_dict["follow_requests_outgoing"] = follow_requests_outgoing
        if followers is not UNSET:
            field_dict["followers"] = followers
        if following is not UNSET:
            field_dict["following"] = following
        if friend_requests_incoming is not UNSET:
            field_dict["friend_requests_incoming"] = friend_requests_incoming
        if friend_requests_outgoing is not UNSET:
            field_dict["friend_requests_outgoing"] = friend_requests_outgoing
        if friends is not UNSET:
            field_dict["friends"] = friends
        if mutes is not UNSET:
            field_dict["mutes"] = mutes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        def _parse_blocks(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        blocks = _parse_blocks(d.pop("blocks", UNSET))


        def _parse_contacts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        contacts = _parse_contacts(d.pop("contacts", UNSET))


        def _parse_follow_requests_incoming(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        follow_requests_incoming = _parse_follow_requests_incoming(d.pop("follow_requests_incoming", UNSET))


        def _parse_follow_requests_outgoing(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        follow_requests_outgoing = _parse_follow_requests_outgoing(d.pop("follow_requests_outgoing", UNSET))


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


        def _parse_friend_requests_incoming(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        friend_requests_incoming = _parse_friend_requests_incoming(d.pop("friend_requests_incoming", UNSET))


        def _parse_friend_requests_outgoing(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        friend_requests_outgoing = _parse_friend_requests_outgoing(d.pop("friend_requests_outgoing", UNSET))


        def _parse_friends(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        friends = _parse_friends(d.pop("friends", UNSET))


        def _parse_mutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        mutes = _parse_mutes(d.pop("mutes", UNSET))


        counts_view = cls(
            user_id=user_id,
            blocks=blocks,
            contacts=contacts,
            follow_requests_incoming=follow_requests_incoming,
            follow_requests_outgoing=follow_requests_outgoing,
            followers=followers,
            following=following,
            friend_requests_incoming=friend_requests_incoming,
            friend_requests_outgoing=friend_requests_outgoing,
            friends=friends,
            mutes=mutes,
        )


        counts_view.additional_properties = d
        return counts_view

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
