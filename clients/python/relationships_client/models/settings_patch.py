from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.settings_patch_enabled_types_type_0 import SettingsPatchEnabledTypesType0





T = TypeVar("T", bound="SettingsPatch")



@_attrs_define
class SettingsPatch:
    """ Only the settings sent change; ``null`` lifts a cap or keeps the history forever.

        Attributes:
            connections_enabled (bool | None | Unset):
            cors_origins (list[str] | None | Unset): Origins (`https://app.example.com`) whose browser clients may call with
                the tenant's user tokens; every other origin is refused.
            enabled_types (None | SettingsPatchEnabledTypesType0 | Unset):
            follow_requires_approval (bool | None | Unset): The default for users who never chose.
            history_retention_days (int | None | Unset):
            max_following (int | None | Unset):
            max_friends (int | None | Unset):
            max_list_members (int | None | Unset):
            max_lists (int | None | Unset):
            suggestion_dismiss_days (int | None | Unset):
            user_rate_limit_burst (int | None | Unset):
            user_rate_limit_per_second (float | None | Unset): Each user token's user's own limit (0: none).
     """

    connections_enabled: bool | None | Unset = UNSET
    cors_origins: list[str] | None | Unset = UNSET
    enabled_types: None | SettingsPatchEnabledTypesType0 | Unset = UNSET
    follow_requires_approval: bool | None | Unset = UNSET
    history_retention_days: int | None | Unset = UNSET
    max_following: int | None | Unset = UNSET
    max_friends: int | None | Unset = UNSET
    max_list_members: int | None | Unset = UNSET
    max_lists: int | None | Unset = UNSET
    suggestion_dismiss_days: int | None | Unset = UNSET
    user_rate_limit_burst: int | None | Unset = UNSET
    user_rate_limit_per_second: float | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.settings_patch_enabled_types_type_0 import SettingsPatchEnabledTypesType0 # noqa: PLC0415
        connections_enabled: bool | None | Unset
        if isinstance(self.connections_enabled, Unset):
            connections_enabled = UNSET
        else:
            connections_enabled = self.connections_enabled

        cors_origins: list[str] | None | Unset
        if isinstance(self.cors_origins, Unset):
            cors_origins = UNSET
        elif isinstance(self.cors_origins, list):
            cors_origins = self.cors_origins


        else:
            cors_origins = self.cors_origins

        enabled_types: dict[str, Any] | None | Unset
        if isinstance(self.enabled_types, Unset):
            enabled_types = UNSET
        elif isinstance(self.enabled_types, SettingsPatchEnabledTypesType0):
            enabled_types = self.enabled_types.to_dict()
        else:
            enabled_types = self.enabled_types

        follow_requires_approval: bool | None | Unset
        if isinstance(self.follow_requires_approval, Unset):
            follow_requires_approval = UNSET
        else:
            follow_requires_approval = self.follow_requires_approval

        history_retention_days: int | None | Unset
        if isinstance(self.history_retention_days, Unset):
            history_retention_days = UNSET
        else:
            history_retention_days = self.history_retention_days

        max_following: int | None | Unset
        if isinstance(self.max_following, Unset):
            max_following = UNSET
        else:
            max_following = self.max_following

        max_friends: int | None | Unset
        if isinstance(self.max_friends, Unset):
            max_friends = UNSET
        else:
            max_friends = self.max_friends

        max_list_members: int | None | Unset
        if isinstance(self.max_list_members, Unset):
            max_list_members = UNSET
        else:
            max_list_members = self.max_list_members

        max_lists: int | None | Unset
        if isinstance(self.max_lists, Unset):
            max_lists = UNSET
        else:
            max_lists = self.max_lists

        suggestion_dismiss_days: int | None | Unset
        if isinstance(self.suggestion_dismiss_days, Unset):
            suggestion_dismiss_days = UNSET
        else:
            suggestion_dismiss_days = self.suggestion_dismiss_days

        user_rate_limit_burst: int | None | Unset
        if isinstance(self.user_rate_limit_burst, Unset):
            user_rate_limit_burst = UNSET
        else:
            user_rate_limit_burst = self.user_rate_limit_burst

        user_rate_limit_per_second: float | None | Unset
        if isinstance(self.user_rate_limit_per_second, Unset):
            user_rate_limit_per_second = UNSET
        else:
            user_rate_limit_per_second = self.user_rate_limit_per_second


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if connections_enabled is not UNSET:
            field_dict["connections_enabled"] = connections_enabled
        if cors_origins is not UNSET:
            field_dict["cors_origins"] = cors_origins
        if enabled_types is not UNSET:
            field_dict["enabled_types"] = enabled_types
        if follow_requires_approval is not UNSET:
            field_dict["follow_requires_approval"] = follow_requires_approval
        if history_retention_days is not UNSET:
            field_dict["history_retention_days"] = history_retention_days
        if max_following is not UNSET:
            field_dict["max_following"] = max_following
        if max_friends is not UNSET:
            field_dict["max_friends"] = max_friends
        if max_list_members is not UNSET:
            field_dict["max_list_members"] = max_list_members
        if max_lists is not UNSET:
            field_dict["max_lists"] = max_lists
        if suggestion_dismiss_days is not UNSET:
            field_dict["suggestion_dismiss_days"] = suggestion_dismiss_days
        if user_rate_limit_burst is not UNSET:
            field_dict["user_rate_limit_burst"] = user_rate_limit_burst
        if user_rate_limit_per_second is not UNSET:
            field_dict["user_rate_limit_per_second"] = user_rate_limit_per_second

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settings_patch_enabled_types_type_0 import SettingsPatchEnabledTypesType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_connections_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        connections_enabled = _parse_connections_enabled(d.pop("connections_enabled", UNSET))


        def _parse_cors_origins(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                cors_origins_type_0 = cast(list[str], data)

                return cors_origins_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        cors_origins = _parse_cors_origins(d.pop("cors_origins", UNSET))


        def _parse_enabled_types(data: object) -> None | SettingsPatchEnabledTypesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                enabled_types_type_0 = SettingsPatchEnabledTypesType0.from_dict(data)



                return enabled_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettingsPatchEnabledTypesType0 | Unset, data)

        enabled_types = _parse_enabled_types(d.pop("enabled_types", UNSET))


        def _parse_follow_requires_approval(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        follow_requires_approval = _parse_follow_requires_approval(d.pop("follow_requires_approval", UNSET))


        def _parse_history_retention_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        history_retention_days = _parse_history_retention_days(d.pop("history_retention_days", UNSET))


        def _parse_max_following(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_following = _parse_max_following(d.pop("max_following", UNSET))


        def _parse_max_friends(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_friends = _parse_max_friends(d.pop("max_friends", UNSET))


        def _parse_max_list_members(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_list_members = _parse_max_list_members(d.pop("max_list_members", UNSET))


        def _parse_max_lists(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_lists = _parse_max_lists(d.pop("max_lists", UNSET))


        def _parse_suggestion_dismiss_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        suggestion_dismiss_days = _parse_suggestion_dismiss_days(d.pop("suggestion_dismiss_days", UNSET))


        def _parse_user_rate_limit_burst(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        user_rate_limit_burst = _parse_user_rate_limit_burst(d.pop("user_rate_limit_burst", UNSET))


        def _parse_user_rate_limit_per_second(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        user_rate_limit_per_second = _parse_user_rate_limit_per_second(d.pop("user_rate_limit_per_second", UNSET))


        settings_patch = cls(
            connections_enabled=connections_enabled,
            cors_origins=cors_origins,
            enabled_types=enabled_types,
            follow_requires_approval=follow_requires_approval,
            history_retention_days=history_retention_days,
            max_following=max_following,
            max_friends=max_friends,
            max_list_members=max_list_members,
            max_lists=max_lists,
            suggestion_dismiss_days=suggestion_dismiss_days,
            user_rate_limit_burst=user_rate_limit_burst,
            user_rate_limit_per_second=user_rate_limit_per_second,
        )

        return settings_patch

