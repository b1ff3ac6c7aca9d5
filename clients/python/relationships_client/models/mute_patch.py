from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="MutePatch")



@_attrs_define
class MutePatch:
    """ Only the fields sent change; ``duration_seconds`` or ``mute_until`` set the end anew
    (``null``: permanent).

        Attributes:
            duration_seconds (int | None | Unset):
            mute_calls (bool | None | Unset):
            mute_notifications (bool | None | Unset):
            mute_stories (bool | None | Unset):
            mute_until (datetime.datetime | None | Unset): When the mute ends (with a time zone); omit for permanent.
     """

    duration_seconds: int | None | Unset = UNSET
    mute_calls: bool | None | Unset = UNSET
    mute_notifications: bool | None | Unset = UNSET
    mute_stories: bool | None | Unset = UNSET
    mute_until: datetime.datetime | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        duration_seconds: int | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        mute_calls: bool | None | Unset
        if isinstance(self.mute_calls, Unset):
            mute_calls = UNSET
        else:
            mute_calls = self.mute_calls

        mute_notifications: bool | None | Unset
        if isinstance(self.mute_notifications, Unset):
            mute_notifications = UNSET
        else:
            mute_notifications = self.mute_notifications

        mute_stories: bool | None | Unset
        if isinstance(self.mute_stories, Unset):
            mute_stories = UNSET
        else:
            mute_stories = self.mute_stories

        mute_until: None | str | Unset
        if isinstance(self.mute_until, Unset):
            mute_until = UNSET
        elif isinstance(self.mute_until, datetime.datetime):
            mute_until = self.mute_until.isoformat()
        else:
            mute_until = self.mute_until


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
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
        def _parse_duration_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds", UNSET))


        def _parse_mute_calls(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        mute_calls = _parse_mute_calls(d.pop("mute_calls", UNSET))


        def _parse_mute_notifications(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        mute_notifications = _parse_mute_notifications(d.pop("mute_notifications", UNSET))


        def _parse_mute_stories(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        mute_stories = _parse_mute_stories(d.pop("mute_stories", UNSET))


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


        mute_patch = cls(
            duration_seconds=duration_seconds,
            mute_calls=mute_calls,
            mute_notifications=mute_notifications,
            mute_stories=mute_stories,
            mute_until=mute_until,
        )

        return mute_patch

