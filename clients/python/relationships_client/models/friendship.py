from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Friendship")



@_attrs_define
class Friendship:
    """ 
        Attributes:
            accepted_at (datetime.datetime | None | Unset):
            favorited_at (datetime.datetime | None | Unset):
            is_favorite (bool | Unset):  Default: False.
            message (None | str | Unset):
            nickname (None | str | Unset):
            rejected_at (datetime.datetime | None | Unset):
            rejection_reason (None | str | Unset):
            requested_at (datetime.datetime | None | Unset):
     """

    accepted_at: datetime.datetime | None | Unset = UNSET
    favorited_at: datetime.datetime | None | Unset = UNSET
    is_favorite: bool | Unset = False
    message: None | str | Unset = UNSET
    nickname: None | str | Unset = UNSET
    rejected_at: datetime.datetime | None | Unset = UNSET
    rejection_reason: None | str | Unset = UNSET
    requested_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        accepted_at: None | str | Unset
        if isinstance(self.accepted_at, Unset):
            accepted_at = UNSET
        elif isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        favorited_at: None | str | Unset
        if isinstance(self.favorited_at, Unset):
            favorited_at = UNSET
        elif isinstance(self.favorited_at, datetime.datetime):
            favorited_at = self.favorited_at.isoformat()
        else:
            favorited_at = self.favorited_at

        is_favorite = self.is_favorite

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        nickname: None | str | Unset
        if isinstance(self.nickname, Unset):
            nickname = UNSET
        else:
            nickname = self.nickname

        rejected_at: None | str | Unset
        if isinstance(self.rejected_at, Unset):
            rejected_at = UNSET
        elif isinstance(self.rejected_at, datetime.datetime):
            rejected_at = self.rejected_at.isoformat()
        else:
            rejected_at = self.rejected_at

        rejection_reason: None | str | Unset
        if isinstance(self.rejection_reason, Unset):
            rejection_reason = UNSET
        else:
            rejection_reason = self.rejection_reason

        requested_at: None | str | Unset
        if isinstance(self.requested_at, Unset):
            requested_at = UNSET
        elif isinstance(self.requested_at, datetime.datetime):
            requested_at = self.requested_at.isoformat()
        else:
            requested_at = self.requested_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if accepted_at is not UNSET:
            field_dict["accepted_at"] = accepted_at
        if favorited_at is not UNSET:
            field_dict["favorited_at"] = favorited_at
        if is_favorite is not UNSET:
            field_dict["is_favorite"] = is_favorite
        if message is not UNSET:
            field_dict["message"] = message
        if nickname is not UNSET:
            field_dict["nickname"] = nickname
        if rejected_at is not UNSET:
            field_dict["rejected_at"] = rejected_at
        if rejection_reason is not UNSET:
            field_dict["rejection_reason"] = rejection_reason
        if requested_at is not UNSET:
            field_dict["requested_at"] = requested_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_accepted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)



                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at", UNSET))


        def _parse_favorited_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                favorited_at_type_0 = datetime.datetime.fromisoformat(data)



                return favorited_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        favorited_at = _parse_favorited_at(d.pop("favorited_at", UNSET))


        is_favorite = d.pop("is_favorite", UNSET)

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))


        def _parse_nickname(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        nickname = _parse_nickname(d.pop("nickname", UNSET))


        def _parse_rejected_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rejected_at_type_0 = datetime.datetime.fromisoformat(data)



                return rejected_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        rejected_at = _parse_rejected_at(d.pop("rejected_at", UNSET))


        def _parse_rejection_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rejection_reason = _parse_rejection_reason(d.pop("rejection_reason", UNSET))


        def _parse_requested_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                requested_at_type_0 = datetime.datetime.fromisoformat(data)



                return requested_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        requested_at = _parse_requested_at(d.pop("requested_at", UNSET))


        friendship = cls(
            accepted_at=accepted_at,
            favorited_at=favorited_at,
            is_favorite=is_favorite,
            message=message,
            nickname=nickname,
            rejected_at=rejected_at,
            rejection_reason=rejection_reason,
            requested_at=requested_at,
        )


        friendship.additional_properties = d
        return friendship

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
