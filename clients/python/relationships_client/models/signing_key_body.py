from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="SigningKeyBody")



@_attrs_define
class SigningKeyBody:
    """ 
        Attributes:
            retire_previous (bool | Unset):  Default: False.
     """

    retire_previous: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        retire_previous = self.retire_previous


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if retire_previous is not UNSET:
            field_dict["retire_previous"] = retire_previous

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        retire_previous = d.pop("retire_previous", UNSET)

        signing_key_body = cls(
            retire_previous=retire_previous,
        )

        return signing_key_body

