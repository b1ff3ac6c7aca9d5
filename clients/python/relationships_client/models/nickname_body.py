from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.nickname_body_type import NicknameBodyType






T = TypeVar("T", bound="NicknameBody")



@_attrs_define
class NicknameBody:
    """ 
        Attributes:
            nickname (str):
            type_ (NicknameBodyType):
     """

    nickname: str
    type_: NicknameBodyType





    def to_dict(self) -> dict[str, Any]:
        nickname = self.nickname

        type_ = self.type_.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "nickname": nickname,
            "type": type_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        nickname = d.pop("nickname")

        type_ = NicknameBodyType(d.pop("type"))




        nickname_body = cls(
            nickname=nickname,
            type_=type_,
        )

        return nickname_body

