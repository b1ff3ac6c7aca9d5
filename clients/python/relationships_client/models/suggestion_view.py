from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.reason import Reason
from typing import cast






T = TypeVar("T", bound="SuggestionView")



@_attrs_define
class SuggestionView:
    """ 
        Attributes:
            mutual_friends (int):
            reason (Reason):
            sample (list[str]):
            user_id (str):
     """

    mutual_friends: int
    reason: Reason
    sample: list[str]
    user_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        mutual_friends = self.mutual_friends

        reason = self.reason.value

        sample = self.sample



        user_id = self.user_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "mutual_friends": mutual_friends,
            "reason": reason,
            "sample": sample,
            "user_id": user_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mutual_friends = d.pop("mutual_friends")

        reason = Reason(d.pop("reason"))




        sample = cast(list[str], d.pop("sample"))


        user_id = d.pop("user_id")

        suggestion_view = cls(
            mutual_friends=mutual_friends,
            reason=reason,
            sample=sample,
            user_id=user_id,
        )


        suggestion_view.additional_properties = d
        return suggestion_view

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
