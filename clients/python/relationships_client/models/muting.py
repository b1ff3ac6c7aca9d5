from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Muting")



@_attrs_define
class Muting:
    """ 
        Attributes:
            muted_at (datetime.datetime):
            mute_calls (bool | Unset):  Default: True.
            mute_notifications (bool | Unset):  Default: True.
            mute_stories (bool | Unset):  Default: True.
            mute_until (datetime.datetime | None | Unset):
     """

    muted_at: datetime.datetime
    mute_calls: bool | Unset = True
    mute_notifications: bool | Unset = True
    mute_stories: bool | Unset = True
    mute_until: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        muted_at = self.muted_at.isoformat()

        mute_calls = self.mute_calls

        mute_notifications = self.mute_notifications

        mute_stories = self.mute_stories

        mute_until: None | str | Unset
        if isinstance(self.mute_until, Unset):
            mute_until = UNSET
        elif isinstance(self.mute_until, datetime.datetime):
            mute_until = self.mute_until.isoformat()
        else:
            mute_until = self.mute_until


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "muted_at": muted_at,
        })
        if mute_calls is not UNSET:
            field_dict["mute_calls"] = mute_calls
        if mute_notifications is not UNSET:
            field_dict["mute_notifications"] = mute_notifications
        if mute_stories is not UNSET:
            field_dict["mute_stories"] = mute_stories
        if mute_until is not UNSET:
            field_dict["mute_until"] = mute_until

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        muted_at = datetime.datetime.fromisoformat(d.pop("muted_at"))




        mute_calls = d.pop("mute_calls", UNSET)

        mute_notifications = d.pop("mute_notifications", UNSET)

        mute_stories = d.pop("mute_stories", UNSET)

        def _parse_mute_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mute_until_type_0 = datetime.datetime.fromisoformat(data)



                return mute_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        mute_until = _parse_mute_until(d.pop("mute_until", UNSET))


        muting = cls(
            muted_at=muted_at,
            mute_calls=mute_calls,
            mute_notifications=mute_notifications,
            mute_stories=mute_stories,
            mute_until=mute_until,
        )


        muting.additional_properties = d
        return muting

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
