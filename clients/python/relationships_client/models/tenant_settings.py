from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.tenant_settings_enabled_types import TenantSettingsEnabledTypes





T = TypeVar("T", bound="TenantSettings")



@_attrs_define
class TenantSettings:
    """ 
        Attributes:
            connections_enabled (bool | Unset):  Default: True.
            cors_origins (list[str] | Unset):
            enabled_types (TenantSettingsEnabledTypes | Unset):
            follow_requires_approval (bool | Unset):  Default: False.
            history_retention_days (int | None | Unset):
            max_following (int | None | Unset):
            max_friends (int | None | Unset):
            max_list_members (int | Unset):  Default: 5000.
            max_lists (int | Unset):  Default: 100.
            rate_limit_burst (int | None | Unset):
            rate_limit_per_second (float | None | Unset):
            suggestion_dismiss_days (int | Unset):  Default: 90.
            user_rate_limit_burst (int | None | Unset):
            user_rate_limit_per_second (float | None | Unset):
     """

    connections_enabled: bool | Unset = True
    cors_origins: list[str] | Unset = UNSET
    enabled_types: TenantSettingsEnabledTypes | Unset = UNSET
    follow_requires_approval: bool | Unset = False
    history_retention_days: int | None | Unset = UNSET
    max_following: int | None | Unset = UNSET
    max_friends: int | None | Unset = UNSET
    max_list_members: int | Unset = 5000
    max_lists: int | Unset = 100
    rate_limit_burst: int | None | Unset = UNSET
    rate_limit_per_second: float | None | Unset = UNSET
    suggestion_dismiss_days: int | Unset = 90
    user_rate_limit_burst: int | None | Unset = UNSET
    user_rate_limit_per_second: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.tenant_settings_enabled_types import TenantSettingsEnabledTypes # noqa: PLC0415
        connections_enabled = self.connections_enabled

        cors_origins: list[str] | Unset = UNSET
        if not isinstance(self.cors_origins, Unset):
            cors_origins = self.cors_origins



        enabled_types: dict[str, Any] | Unset = UNSET
        if not isinstance(self.enabled_types, Unset):
            enabled_types = self.enabled_types.to_dict()

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

        max_list_members = self.max_list_members

        max_lists = self.max_lists

        rate_limit_burst: int | None | Unset
        if isinstance(self.rate_limit_burst, Unset):
            rate_limit_burst = UNSET
        else:
            rate_limit_burst = self.rate_limit_burst

        rate_limit_per_second: float | None | Unset
        if isinstance(self.rate_limit_per_second, Unset):
            rate_limit_per_second = UNSET
        else:
            rate_limit_per_second = self.rate_limit_per_second

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
        field_dict.update(self.additional_properties)
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
        if rate_limit_burst is not UNSET:
            field_dict["rate_limit_burst"] = rate_limit_burst
        if rate_limit_per_second is not UNSET:
            field_dict["rate_limit_per_second"] = rate_limit_per_second
        if suggestion_dismiss_days is not UNSET:
            field_dict["suggestion_dismiss_days"] = suggestion_dismiss_days
        if user_rate_limit_burst is not UNSET:
            field_dict["user_rate_limit_burst"] = user_rate_limit_burst
        if user_rate_limit_per_second is not UNSET:
            field_dict["user_rate_limit_per_second"] = user_rate_limit_per_second

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant_settings_enabled_types import TenantSettingsEnabledTypes # noqa: PLC0415
        d = dict(src_dict)
        connections_enabled = d.pop("connections_enabled", UNSET)

        cors_origins = cast(list[str], d.pop("cors_origins", UNSET))


        _enabled_types = d.pop("enabled_types", UNSET)
        enabled_types: TenantSettingsEnabledTypes | Unset
        if isinstance(_enabled_types,  Unset):
            enabled_types = UNSET
        else:
            enabled_types = TenantSettingsEnabledTypes.from_dict(_enabled_types)




        follow_requires_approval = d.pop("follow_requires_approval", UNSET)

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


        max_list_members = d.pop("max_list_members", UNSET)

        max_lists = d.pop("max_lists", UNSET)

        def _parse_rate_limit_burst(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rate_limit_burst = _parse_rate_limit_burst(d.pop("rate_limit_burst", UNSET))


        def _parse_rate_limit_per_second(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        rate_limit_per_second = _parse_rate_limit_per_second(d.pop("rate_limit_per_second", UNSET))


        suggestion_dismiss_days = d.pop("suggestion_dismiss_days", UNSET)

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


        tenant_settings = cls(
            connections_enabled=connections_enabled,
            cors_origins=cors_origins,
            enabled_types=enabled_types,
            follow_requires_approval=follow_requires_approval,
            history_retention_days=history_retention_days,
            max_following=max_following,
            max_friends=max_friends,
            max_list_members=max_list_members,
            max_lists=max_lists,
            rate_limit_burst=rate_limit_burst,
            rate_limit_per_second=rate_limit_per_second,
            suggestion_dismiss_days=suggestion_dismiss_days,
            user_rate_limit_burst=user_rate_limit_burst,
            user_rate_limit_per_second=user_rate_limit_per_second,
        )


        tenant_settings.additional_properties = d
        return tenant_settings

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
