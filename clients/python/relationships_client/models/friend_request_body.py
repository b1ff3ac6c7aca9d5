from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.edge_source import EdgeSource
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="FriendRequestBody")



@_attrs_define
class FriendRequestBody:
    """ 
        Attributes:
            target_user_id (str):
            message (None | str | Unset):
            source (EdgeSource | None | Unset):
     """

    target_user_id: str
    message: None | str | Unset = UNSET
    source: EdgeSource | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        target_user_id = self.target_user_id

        message: None | str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, EdgeSource):
            source = self.source.value
        else:
            source = self.source


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "target_user_id": target_user_id,
        })
        if message is not UNSET:
            field_dict["message"] = message
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        target_user_id = d.pop("target_user_id")

        def _parse_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))


        def _parse_source(data: object) -> EdgeSource | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_type_0 = EdgeSource(data)



                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EdgeSource | None | Unset, data)

        source = _parse_source(d.pop("source", UNSET))


        friend_request_body = cls(
            target_user_id=target_user_id,
            message=message,
            source=source,
        )

        return friend_request_body

